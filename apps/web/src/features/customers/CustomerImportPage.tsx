import { IMPORT_MAX_MB, IMPORT_MAX_ROWS, type ImportMode, type ImportReport } from '@cm/domain';
import { useQueryClient } from '@tanstack/react-query';
import { CheckCircle2, Download, FileUp } from 'lucide-react';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { Button, buttonClass } from '../../components/Button';
import { Card, CardHeader } from '../../components/Card';
import { PageHeader } from '../../components/PageHeader';
import { Alert } from '../../components/States';
import { formatNumber } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { ProgressBar } from '../uploads/UploadItemCard';
import { newIdempotencyKey, UploadError, uploadWithProgress } from '../uploads/xhrUpload';
import { ImportErrorTable } from './ImportErrorTable';

type Step =
  | { kind: 'idle' }
  | { kind: 'sending'; mode: ImportMode; percent: number }
  | { kind: 'checked'; report: ImportReport }
  | { kind: 'imported'; report: ImportReport }
  | { kind: 'failed'; message: string; report?: ImportReport };

const MAX_BYTES = IMPORT_MAX_MB * 1024 * 1024;

/**
 * Customers from a CSV file in the export's columns: a dry run first (every row's errors, nothing
 * written), then the import of all rows at once (or none). The file is sent again for the commit:
 * the server keeps nothing between the two.
 */
export function CustomerImportPage() {
  useDocumentTitle('Import customers');
  const id = useId();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const busy = step.kind === 'sending';

  async function send(mode: ImportMode) {
    if (!file) return;
    setStep({ kind: 'sending', mode, percent: 0 });
    try {
      const report = await uploadWithProgress<ImportReport>({
        url: `/api/customers/import?mode=${mode}`,
        fields: {},
        file,
        idempotencyKey: newIdempotencyKey(),
        answerStatuses: [422],
        onProgress: (loaded, total) => setStep({ kind: 'sending', mode, percent: (loaded / total) * 100 }),
      });
      if (mode === 'dry-run') setStep({ kind: 'checked', report });
      else if (report.committed) {
        setStep({ kind: 'imported', report });
        await queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() });
      } else {
        setStep({
          kind: 'failed',
          report,
          message:
            'Some rows were refused when importing (the customers changed since the check). Nothing was imported.',
        });
      }
    } catch (err) {
      setStep({ kind: 'failed', message: err instanceof UploadError ? err.message : 'The file could not be sent.' });
    }
  }

  function choose(next: File | null) {
    setFile(next);
    setStep(
      next && next.size > MAX_BYTES
        ? { kind: 'failed', message: `The file is larger than the ${IMPORT_MAX_MB} MB limit; split it.` }
        : { kind: 'idle' },
    );
  }

  const report =
    step.kind === 'checked' || step.kind === 'imported' || step.kind === 'failed' ? step.report : undefined;
  const tooLarge = file !== null && file.size > MAX_BYTES;

  return (
    <>
      <PageHeader
        eyebrow={
          <Link to="/customers" className="hover:underline">
            Customers
          </Link>
        }
        title="Import customers"
        description="Add many customers at once from a CSV file, such as one made by the customer export."
      />
      <div className="grid gap-6">
        <Card>
          <CardHeader
            title="1. Choose a file"
            description={`CSV in UTF-8, comma or semicolon separated, at most ${IMPORT_MAX_MB} MB and ${formatNumber(IMPORT_MAX_ROWS)} rows.`}
          />
          <div className="grid gap-4 px-5 py-4 text-sm text-slate-700">
            <p>
              The first row names the columns, as in the export: <code>type</code>, <code>email</code> and{' '}
              <code>country</code> are required; <code>customerNumber</code>, <code>firstName</code>,{' '}
              <code>lastName</code>, <code>companyName</code>, <code>phone</code>, <code>dateOfBirth</code>, the address
              columns and <code>riskLevel</code> may follow. Imported customers start as pending, with KYC not started.
              A customer number is kept when it is free here.
            </p>
            <div className="grid gap-1.5">
              <label htmlFor={`${id}-file`} className="font-medium text-slate-900">
                CSV file
              </label>
              <input
                id={`${id}-file`}
                type="file"
                accept=".csv,text/csv"
                disabled={busy}
                onChange={(e) => choose(e.target.files?.[0] ?? null)}
                className="block w-full max-w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:font-medium file:text-slate-800 hover:file:bg-slate-200"
              />
            </div>
            <div className="flex flex-wrap gap-2">
              <Button
                variant="primary"
                disabled={!file || busy || tooLarge}
                busy={busy && step.mode === 'dry-run'}
                onClick={() => void send('dry-run')}
              >
                <FileUp className="size-4" aria-hidden="true" /> Check file
              </Button>
            </div>
            {step.kind === 'sending' && (
              <div className="grid gap-1.5" aria-live="polite">
                <ProgressBar
                  value={step.percent}
                  label={step.mode === 'dry-run' ? 'Checking the file' : 'Importing customers'}
                />
                <span className="tabular-nums text-slate-600">
                  {step.percent >= 100
                    ? step.mode === 'dry-run'
                      ? 'Checking every row…'
                      : 'Importing every row…'
                    : `Uploading… ${Math.round(step.percent)}%`}
                </span>
              </div>
            )}
            {step.kind === 'failed' && (
              <Alert title={step.report ? 'Nothing was imported' : 'The file was not accepted'}>{step.message}</Alert>
            )}
          </div>
        </Card>

        {report && <ReportCard report={report} />}

        {step.kind === 'checked' && step.report.errorCount === 0 && (
          <Card>
            <CardHeader
              title="2. Import"
              description="Every row is checked again, then all are written together — or none, if anything changed."
            />
            <div className="flex flex-wrap gap-2 px-5 py-4">
              <Button variant="primary" onClick={() => void send('commit')}>
                Import {formatNumber(step.report.validRows)} customers
              </Button>
            </div>
          </Card>
        )}
        {step.kind === 'sending' && step.mode === 'commit' && (
          <p className="text-sm text-slate-600">Importing — keep this page open until it finishes.</p>
        )}
        {step.kind === 'imported' && (
          <Alert tone="indigo" title={`${formatNumber(step.report.created)} customers imported`}>
            <p>
              They are pending, with KYC not started.{' '}
              {step.report.renumbered > 0 &&
                `${formatNumber(step.report.renumbered)} got a new customer number (theirs was taken). `}
              <Link to="/customers" className="font-medium underline">
                Go to the customer list
              </Link>
            </p>
          </Alert>
        )}
      </div>
    </>
  );
}

function ReportCard({ report }: { report: ImportReport }) {
  const ok = report.errorCount === 0;
  const stats: [string, number][] = [
    ['Rows', report.rows],
    ['Ready to import', report.validRows],
    ['Rows with errors', report.invalidRows],
  ];
  if (report.renumbered) stats.push(['New customer number', report.renumbered]);
  return (
    <Card>
      <CardHeader
        title={report.committed ? 'Result' : 'Check result'}
        description={
          ok ? (
            <span className="inline-flex items-center gap-1 text-emerald-700">
              <CheckCircle2 className="size-4" aria-hidden="true" /> Every row can be imported.
            </span>
          ) : (
            `${plural(report.errorCount, 'problem')} in ${plural(report.invalidRows, 'row')}. Correct the file and check it again.`
          )
        }
        actions={!ok && <DownloadErrors report={report} />}
      />
      <dl className="grid grid-cols-2 gap-4 px-5 py-4 text-sm sm:grid-cols-4">
        {stats.map(([label, value]) => (
          <div key={label}>
            <dt className="text-slate-600">{label}</dt>
            <dd className="text-lg font-semibold tabular-nums text-slate-900">{formatNumber(value)}</dd>
          </div>
        ))}
      </dl>
      {!ok && <ImportErrorTable errors={report.errors} truncated={report.errorsTruncated} />}
    </Card>
  );
}

function plural(n: number, word: string): string {
  return `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;
}

function csvCell(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The listed errors as a CSV file, to fix the source sheet row by row. */
function DownloadErrors({ report }: { report: ImportReport }) {
  function download() {
    const lines = [
      'row,field,message',
      ...report.errors.map((e) => [e.row, e.field, e.message].map(csvCell).join(',')),
    ];
    const url = URL.createObjectURL(new Blob([`${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'import-errors.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return (
    <button type="button" className={buttonClass('secondary', 'sm')} onClick={download}>
      <Download className="size-4" aria-hidden="true" /> Errors as CSV
    </button>
  );
}
