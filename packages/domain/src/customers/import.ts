import { z } from 'zod';
import { CUSTOMER_FIELDS, type CustomerCreateInput } from './schemas';

/** Largest CSV file an import accepts. */
export const IMPORT_MAX_MB = 50;
/** Most data rows one import may carry (the header not counted). */
export const IMPORT_MAX_ROWS = 100_000;
/** Row errors a report lists; the count still covers every one. */
export const IMPORT_MAX_LISTED_ERRORS = 5_000;

export const IMPORT_MODES = ['dry-run', 'commit'] as const;
export const importMode = z.enum(IMPORT_MODES);
export type ImportMode = z.infer<typeof importMode>;

/** Columns an import reads: the export's customer number and editable fields. */
export const IMPORT_COLUMNS = ['customerNumber', ...CUSTOMER_FIELDS] as const;
/** Columns the export writes that an import ignores: derived or owned by the product (a new customer starts `pending`). */
export const IMPORT_IGNORED_COLUMNS = ['displayName', 'status', 'kycStatus', 'createdAt'] as const;
/** Columns a file must have. */
export const IMPORT_REQUIRED_COLUMNS = ['type', 'email', 'country'] as const;

/** Customer numbers as the product makes them (`C-000001`, more digits past a million). */
export const CUSTOMER_NUMBER_PATTERN = /^C-(\d{6}|[1-9]\d{6,})$/;

/** The header problems of a file: missing required columns, columns no import knows. */
export function importHeaderProblem(header: readonly string[]): string | null {
  const known = new Set<string>([...IMPORT_COLUMNS, ...IMPORT_IGNORED_COLUMNS]);
  const missing = IMPORT_REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length)
    return `The header row lacks the column(s) ${missing.join(', ')}. Use the columns of the customer export.`;
  const unknown = header.filter((c) => !known.has(c));
  if (unknown.length)
    return `Unknown column(s) ${unknown.slice(0, 5).join(', ')}. Use the columns of the customer export.`;
  const seen = new Set<string>();
  for (const c of header) {
    if (seen.has(c)) return `The column ${c} appears twice.`;
    seen.add(c);
  }
  return null;
}

/** The export quotes cells that spreadsheets would run as formulas (`'+44…`); an import reads them back. */
export function unneutraliseCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** One CSV record → the `customers.create` input (empty cells are absent) and the customer number, if any. */
export function importRecordInput(record: Record<string, string>): {
  input: Partial<Record<keyof CustomerCreateInput, string>>;
  customerNumber: string | null;
} {
  const input: Partial<Record<keyof CustomerCreateInput, string>> = {};
  for (const field of CUSTOMER_FIELDS) {
    const raw = record[field];
    if (raw === undefined) continue;
    const value = unneutraliseCell(raw);
    if (value.trim() !== '') input[field] = value;
  }
  const number = record.customerNumber?.trim();
  return { input, customerNumber: number ? number : null };
}

export const importRowError = z.object({
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: z.number().int(),
  field: z.string(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof importRowError>;

export const importReport = z.object({
  mode: importMode,
  /** True only when the rows were written. */
  committed: z.boolean(),
  rows: z.number().int(),
  validRows: z.number().int(),
  /** Rows with at least one error. */
  invalidRows: z.number().int(),
  errorCount: z.number().int(),
  /** The first `IMPORT_MAX_LISTED_ERRORS` errors, in file order. */
  errors: z.array(importRowError),
  errorsTruncated: z.boolean(),
  /** Rows whose customer number is already used here: they get a new number. */
  renumbered: z.number().int(),
  created: z.number().int(),
});
export type ImportReport = z.infer<typeof importReport>;
