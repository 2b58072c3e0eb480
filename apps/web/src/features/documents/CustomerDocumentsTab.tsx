import type { Customer } from '@cm/domain';
import { lazy, Suspense } from 'react';
import { Card } from '../../components/Card';
import { LoadingBlock } from '../../components/Skeleton';

// The documents code (uploads, preview, edit dialog) loads when the tab is first opened.
const DocumentsPanel = lazy(async () => ({ default: (await import('./DocumentsPanel')).DocumentsPanel }));

/** The Documents tab of a customer: uploads, category filter, preview, download, edit, delete. */
export function CustomerDocumentsTab({ customer }: { customer: Customer }) {
  return (
    <Suspense
      fallback={
        <Card>
          <LoadingBlock label="Loading documents…" lines={5} />
        </Card>
      }
    >
      <DocumentsPanel customer={customer} />
    </Suspense>
  );
}
