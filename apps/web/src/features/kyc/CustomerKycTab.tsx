import type { Customer } from '@cm/domain';
import { lazy, Suspense } from 'react';
import { Card } from '../../components/Card';
import { LoadingBlock } from '../../components/Skeleton';

// The tab's code (uploads, preview, review dialogs) loads when the tab is first opened.
const KycTabPanel = lazy(async () => ({ default: (await import('./KycTabPanel')).KycTabPanel }));

/** The KYC tab of a customer: checklist, uploads, documents and their review. */
export function CustomerKycTab({ customer }: { customer: Customer }) {
  return (
    <Suspense
      fallback={
        <Card>
          <LoadingBlock label="Loading KYC…" lines={5} />
        </Card>
      }
    >
      <KycTabPanel customer={customer} />
    </Suspense>
  );
}
