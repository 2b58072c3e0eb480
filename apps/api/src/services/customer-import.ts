import {
  advanceCustomerNumberSequence,
  appendAudit,
  appendAuditMany,
  type Db,
  insertCustomers,
  isUniqueViolation,
  liveCustomerEmails,
  takenCustomerNumbers,
} from '@cm/db';
import {
  Conflict,
  CUSTOMER_NUMBER_PATTERN,
  customerCreateInput,
  IMPORT_MAX_LISTED_ERRORS,
  IMPORT_MAX_ROWS,
  type ImportMode,
  type ImportReport,
  type ImportRowError,
  Invalid,
  importHeaderProblem,
  importRecordInput,
  normalizeEmail,
  PayloadTooLarge,
  UnsupportedMediaType,
} from '@cm/domain';
import { parse } from 'csv-parse';
import { fileTypeFromBuffer } from 'file-type';
import type { FileStorage } from '../storage/file-storage';
import type { ReceivedFile } from '../uploads/receive-upload';
import { type Actor, auditMeta } from './actor';
import type { CustomerFieldValues } from './customer-fields';
import { checkedFields, customerCreatedAudit, newCustomerValues } from './customers';
import { toCustomer } from './mappers';
import type { ServiceDeps } from './service-deps';

/** Rows checked against the database, and written, per statement. */
const BATCH = 500;
/** Longest CSV record read; a real customer row is far shorter. */
const MAX_RECORD_BYTES = 64 * 1024;

/** Thrown inside the commit's transaction to roll it back when any row is wrong. */
class RowsRefused extends Error {}

interface CheckedRow {
  row: number;
  fields: CustomerFieldValues | null;
  email: string | null;
  customerNumber: string | null;
  errors: ImportRowError[];
}

/**
 * Refuses anything that is not text: a known binary signature, a NUL byte, or bytes that are not
 * UTF-8 (a spreadsheet's legacy encoding would import mangled names). Returns the delimiter the
 * header row uses: a semicolon when it has more of them than commas (spreadsheets in many
 * locales save CSV so), else a comma.
 */
async function sniffCsv(head: Buffer): Promise<',' | ';'> {
  const notCsv = () =>
    new UnsupportedMediaType('This file is not a CSV text file. Save the sheet as "CSV UTF-8" and choose that file.');
  if (head.length === 0) throw Invalid.field('file', 'The file is empty.');
  if (head.includes(0) || (await fileTypeFromBuffer(head))) throw notCsv();
  let text: string;
  try {
    // `stream` leaves a character cut at the end of the sample undecoded instead of failing on it.
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    throw notCsv();
  }
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const count = (c: string) => firstLine.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** One record against the same schema and rules as `customers.create`, plus the in-file duplicates. */
function checkRecord(
  cells: string[],
  header: string[],
  row: number,
  now: Date,
  seen: { emails: Map<string, number>; numbers: Map<string, number> },
): CheckedRow {
  const errors: ImportRowError[] = [];
  const add = (field: string, message: string) => errors.push({ row, field, message });
  if (cells.length !== header.length) {
    add('row', `This row has ${cells.length} cells; the header has ${header.length}.`);
    return { row, fields: null, email: null, customerNumber: null, errors };
  }
  const record = Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  const { input, customerNumber } = importRecordInput(record);

  let fields: CustomerFieldValues | null = null;
  const parsed = customerCreateInput.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'row');
      const missing = issue.code === 'invalid_type' && input[field as keyof typeof input] === undefined;
      add(field, missing ? 'This field is required.' : issue.message);
    }
  } else {
    try {
      fields = checkedFields(parsed.data, now);
    } catch (err) {
      if (!(err instanceof Invalid)) throw err;
      for (const [field, messages] of Object.entries(err.fieldErrors)) for (const m of messages) add(field, m);
    }
  }

  const email = input.email ? normalizeEmail(input.email) : null;
  if (email) {
    const first = seen.emails.get(email);
    if (first !== undefined) add('email', `Row ${first} has the same email address.`);
    else seen.emails.set(email, row);
  }
  if (customerNumber) {
    if (!CUSTOMER_NUMBER_PATTERN.test(customerNumber)) {
      add('customerNumber', 'Use a customer number like C-000123, or leave it empty to get a new one.');
    } else {
      const first = seen.numbers.get(customerNumber);
      if (first !== undefined) add('customerNumber', `Row ${first} has the same customer number.`);
      else seen.numbers.set(customerNumber, row);
    }
  }
  return { row, fields: errors.length ? null : fields, email, customerNumber, errors };
}

/**
 * Reads a stored CSV of customers (the export's columns) and checks every row with the rules of
 * `customers.create`: the same zod schema and field rules, email unique within the file and among
 * live customers. A dry run only reports. A commit writes every row in ONE transaction, or none
 * when any row is wrong (the report then says why). Rows are parsed as a stream and checked,
 * and written, in batches, so memory stays bounded whatever the file's length (the only state
 * that grows is the set of emails and numbers seen, for the in-file duplicate check).
 *
 * A row's `customerNumber` is kept when no customer (deleted ones included) has it, so an export
 * imported into an empty database gives the same customers; a taken or empty one gets a new number.
 */
export async function importCustomers(
  deps: ServiceDeps & { storage: FileStorage },
  actor: Actor,
  file: ReceivedFile,
  mode: ImportMode,
): Promise<ImportReport> {
  const delimiter = await sniffCsv(file.head);
  const now = deps.now();
  const report: ImportReport = {
    mode,
    committed: false,
    rows: 0,
    validRows: 0,
    invalidRows: 0,
    errorCount: 0,
    errors: [],
    errorsTruncated: false,
    renumbered: 0,
    created: 0,
  };

  const run = async (db: Db, write: boolean) => {
    const stored = await deps.storage.get(file.key);
    if (!stored) throw new Error('import file vanished from storage');
    const parser = stored.body.pipe(
      parse({
        bom: true,
        delimiter,
        relax_column_count: true,
        skip_empty_lines: true,
        max_record_size: MAX_RECORD_BYTES,
      }),
    );
    const seen = { emails: new Map<string, number>(), numbers: new Map<string, number>() };
    let header: string[] | null = null;
    let batch: CheckedRow[] = [];

    const flush = async () => {
      const rows = batch;
      batch = [];
      const emails = rows.flatMap((r) => (r.fields && r.email ? [r.email] : []));
      const taken = await liveCustomerEmails(db, emails);
      const numbers = await takenCustomerNumbers(
        db,
        rows.flatMap((r) => (r.fields && r.customerNumber ? [r.customerNumber] : [])),
      );
      for (const r of rows) {
        if (r.fields && r.email && taken.has(r.email)) {
          r.errors.push({ row: r.row, field: 'email', message: 'Another customer already uses this email address.' });
          r.fields = null;
        }
        if (r.fields && r.customerNumber && numbers.has(r.customerNumber)) {
          r.customerNumber = null;
          report.renumbered += 1;
        }
        if (r.errors.length) {
          report.invalidRows += 1;
          report.errorCount += r.errors.length;
          for (const e of r.errors) {
            if (report.errors.length < IMPORT_MAX_LISTED_ERRORS) report.errors.push(e);
            else report.errorsTruncated = true;
          }
        } else report.validRows += 1;
      }
      // Once any row is wrong the commit will roll back: checking the rest is all that is left to do.
      if (!write || report.errorCount > 0) return;
      const kept = rows.flatMap((r) => (r.customerNumber ? [Number(r.customerNumber.slice(2))] : []));
      // Past every kept number first, so a customer created meanwhile cannot be handed one of them.
      if (kept.length) await advanceCustomerNumberSequence(db, Math.max(...kept));
      const inserted = await insertCustomers(
        db,
        rows.map((r) => ({
          ...newCustomerValues(r.fields as CustomerFieldValues, actor, now),
          ...(r.customerNumber ? { customer_number: r.customerNumber } : {}),
        })),
      );
      await appendAuditMany(
        db,
        inserted.map((row) => customerCreatedAudit(actor, toCustomer(row))),
      );
      report.created += inserted.length;
    };

    try {
      for await (const cells of parser as AsyncIterable<string[]>) {
        if (!header) {
          header = cells.map((c) => c.trim());
          const problem = importHeaderProblem(header);
          if (problem) throw Invalid.field('file', problem);
          continue;
        }
        report.rows += 1;
        if (report.rows > IMPORT_MAX_ROWS) {
          throw new PayloadTooLarge(
            `The file has more than ${IMPORT_MAX_ROWS.toLocaleString('en-GB')} rows; split it into smaller files.`,
          );
        }
        batch.push(checkRecord(cells, header, report.rows + 1, now, seen));
        if (batch.length >= BATCH) await flush();
      }
    } catch (err) {
      parser.destroy();
      stored.body.destroy();
      const code = (err as { code?: string }).code;
      // csv-parse's own errors (an unclosed quote, a runaway record) describe the file, not us.
      if (typeof code === 'string' && code.startsWith('CSV_')) {
        throw Invalid.field('file', `The file is not valid CSV: ${(err as Error).message}`);
      }
      throw err;
    }
    if (!header) throw Invalid.field('file', 'The file is empty.');
    if (batch.length) await flush();
    if (report.rows === 0) throw Invalid.field('file', 'The file has a header row but no customers.');
  };

  if (mode === 'dry-run') {
    await run(deps.db, false);
    return report;
  }
  try {
    await deps.db.transaction().execute(async (trx) => {
      await run(trx, true);
      if (report.errorCount > 0) throw new RowsRefused();
      await appendAudit(trx, {
        ...auditMeta(actor),
        action: 'customers.imported',
        entityType: 'customer',
        entityId: null,
        customerId: null,
        changes: { rows: report.rows, created: report.created, renumbered: report.renumbered },
      });
    });
  } catch (err) {
    if (err instanceof RowsRefused) return { ...report, created: 0 };
    // Someone took an email or number between the check and the write: nothing was written.
    if (isUniqueViolation(err)) {
      throw new Conflict(
        'Another customer with one of these email addresses or numbers was just created. Run the import again.',
      );
    }
    throw err;
  }
  return { ...report, committed: true };
}
