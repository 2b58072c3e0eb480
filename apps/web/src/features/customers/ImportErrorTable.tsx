import type { ImportRowError } from '@cm/domain';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../components/Button';
import { type Column, DataTable } from '../../components/DataTable';
import { formatNumber } from '../../lib/format';

const PAGE = 50;

const COLUMNS: Column<ImportRowError>[] = [
  { header: 'Row', className: 'tabular-nums', cell: (e) => e.row },
  { header: 'Column', className: 'font-mono text-xs', cell: (e) => e.field },
  { header: 'Problem', primary: true, className: 'text-slate-800', cell: (e) => e.message },
];

/** An import's row errors, a page at a time (a bad file can have thousands). */
export function ImportErrorTable({ errors, truncated }: { errors: ImportRowError[]; truncated: boolean }) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(errors.length / PAGE));
  const shown = errors.slice(page * PAGE, page * PAGE + PAGE);
  return (
    <div className="border-t border-slate-100">
      <DataTable
        caption="Rows that cannot be imported"
        columns={COLUMNS}
        rows={shown}
        rowKey={(e) => `${e.row}-${e.field}-${e.message}`}
      />
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
