import type { Customer } from '@cm/domain';
import { lazy, Suspense } from 'react';
import { Card } from '../../components/Card';
import { LoadingBlock } from '../../components/Skeleton';

// The notes code loads when the tab is first opened.
const NotesPanel = lazy(async () => ({ default: (await import('./NotesPanel')).NotesPanel }));

/** The Notes tab of a customer: composer, filters, pinned first, inline edit. */
export function CustomerNotesTab({ customer }: { customer: Customer }) {
  return (
    <Suspense
      fallback={
        <Card>
          <LoadingBlock label="Loading notes…" lines={5} />
        </Card>
      }
    >
      <NotesPanel customer={customer} />
    </Suspense>
  );
}
