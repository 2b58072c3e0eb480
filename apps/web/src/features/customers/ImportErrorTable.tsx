import type { ImportRowError } from '@cm/domain';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../components/Button';
import { formatNumber } from '../../lib/format';

const PAGE = 50;

/** An import's row errors, a page at a time (a bad file can have thousands). */
export function ImportErrorTable({ errors, truncated }: { errors: ImportRowError[]; truncated: boolean }) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(errors.length / PAGE));
  const shown = errors.slice(page * PAGE, page * PAGE + PAGE);
  return (
    <div className="border-t border-slate-100">
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Rows that cannot be imported</caption>
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-5 py-2 font-medium">
                Row
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Column
              </th>
              <th scope="col" className="px-5 py-2 font-medium">
                Problem
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {shown.map((e) => (
              <tr key={`${e.row}-${e.field}-${e.message}`}>
                <td className="px-5 py-2 tabular-nums">{e.row}</td>
                <td className="px-3 py-2 font-mono text-xs">{e.field}</td>
                <td className="px-5 py-2 text-slate-800">{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav
        aria-label="Error pages"
        className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-3 text-sm text-slate-600"
      >
        <span aria-live="polite">
          {formatNumber(page * PAGE + 1)}–{formatNumber(page * PAGE + shown.length)} of {formatNumber(errors.length)}
          {truncated ? ' listed (more not listed)' : ''}
        </span>
        <div className="flex gap-2">
          <Button size="sm" onClick={() => setPage((p) => p - 1)} disabled={page === 0}>
            <ChevronLeft className="size-4" aria-hidden="true" /> Previous
          </Button>
          <Button size="sm" onClick={() => setPage((p) => p + 1)} disabled={page >= pages - 1}>
            Next <ChevronRight className="size-4" aria-hidden="true" />
          </Button>
        </div>
      </nav>
    </div>
  );
}
