import { RefreshCw } from 'lucide-react';
import { Button } from '../../components/Button';
import { displayValue, type Reconciliation } from './conflict';
import { FIELD_LABELS } from './customerFormModel';

/** Tells the user their save hit someone else's change, and offers the latest version. */
export function ConflictNotice({ onReload, reloading }: { onReload: () => void; reloading: boolean }) {
  return (
    <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-4 text-sm text-amber-950">
      <p className="font-semibold">Someone else changed this customer while you were editing</p>
      <p className="mt-1">
        Your changes have not been saved. Reload the latest version: what you typed is kept, and you can review the
        differences before saving again.
      </p>
      <Button className="mt-3" variant="primary" onClick={onReload} busy={reloading}>
        <RefreshCw className="size-4" aria-hidden="true" /> Reload latest
      </Button>
    </div>
  );
}

export function ReconciledNotice({ reconciliation }: { reconciliation: Reconciliation }) {
  const { differences, adoptedFromLatest } = reconciliation;
  return (
    <section
      role="status"
      aria-labelledby="reconciled-title"
      className="rounded-lg border border-indigo-200 bg-indigo-50 px-4 py-4 text-sm text-indigo-950"
      data-testid="reconciled-notice"
    >
      <h2 id="reconciled-title" className="font-semibold">
        Latest version loaded — your typed values are kept
      </h2>
      {differences.length > 0 ? (
        <>
          <p className="mt-1">
            These fields differ from the latest saved version. Saving will replace the saved value with yours.
          </p>
          <table className="mt-3 w-full overflow-hidden rounded-md bg-white text-left ring-1 ring-indigo-100">
            <thead className="text-xs text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  Field
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Latest saved
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Yours
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 text-slate-800">
              {differences.map((d) => (
                <tr key={d.field} data-testid="conflict-difference">
                  <th scope="row" className="px-3 py-2 font-medium">
                    {FIELD_LABELS[d.field]}
                  </th>
                  <td className="px-3 py-2">{displayValue(d.field, d.latest)}</td>
                  <td className="px-3 py-2 font-medium">{displayValue(d.field, d.yours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className="mt-1">Your values now match the latest saved version.</p>
      )}
      {adoptedFromLatest.length > 0 && (
        <p className="mt-3">
          Updated from the latest version (you had not changed them):{' '}
          {adoptedFromLatest.map((f) => FIELD_LABELS[f]).join(', ')}.
        </p>
      )}
    </section>
  );
}
