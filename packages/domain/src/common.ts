import { z } from 'zod';
import { Invalid } from './errors';

export const uuid = z.uuid({ message: 'Must be a valid id.' });
/** A UUID in canonical form (hex 8-4-4-4-12), as PostgreSQL's `uuid` reads it; unanchored, for route patterns. */
export const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const isoDateTime = z.string();

/** C0 and C1 control characters and DEL (PostgreSQL cannot even store U+0000); `allowed` lets some through. */
function hasControlChar(value: string, allowed: readonly string[]): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 || (code >= 0x7f && code <= 0x9f)) && !allowed.includes(value[i] as string)) return true;
  }
  return false;
}
/** Tab, line feed and carriage return: what multi-line text may hold. */
const LINE_BREAKS = ['\t', '\n', '\r'] as const;
/** Bidirectional embeddings, overrides and isolates: they make text read differently from what it is. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
/** Nothing a reader can see: whitespace and default-ignorable characters (zero-width space, joiners …). */
const INVISIBLE_ONLY = /^[\s\p{Default_Ignorable_Code_Point}]+$/u;
/** Half of a surrogate pair on its own: not a character at all (paired halves match as one code point). */
const LONE_SURROGATE = /\p{Cs}/u;

export interface TextOptions {
  /** Multi-line text (note content, descriptions) may hold tabs and line breaks. */
  multiline?: boolean;
}

/**
 * Why `value` is not acceptable as text a person typed, or null when it is: no control characters
 * (tab and line breaks only in multi-line text), no bidirectional overrides or isolates, no unpaired
 * surrogates, and not made only of invisible characters.
 */
export function textProblem(value: string, options: TextOptions = {}): string | null {
  if (hasControlChar(value, options.multiline ? LINE_BREAKS : [])) {
    return options.multiline
      ? 'Remove control characters (only tabs and line breaks are allowed).'
      : 'Remove control characters such as tabs or line breaks.';
  }
  if (BIDI_CONTROLS.test(value)) return 'Remove right-to-left override or isolate characters.';
  if (LONE_SURROGATE.test(value)) return 'The text contains broken characters.';
  if (INVISIBLE_ONLY.test(value)) return 'Use visible characters.';
  return null;
}

/**
 * The one refinement every text input goes through (see `textProblem`); usable on any string
 * schema: `z.string().trim().check(safeText())`.
 */
export const safeText = (options: TextOptions = {}) =>
  z.superRefine<string>((value, ctx) => {
    const problem = textProblem(value, options);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  });

/** A trimmed string that passes `safeText`; chain `.min()`, `.max()` as usual. */
export const text = (options: TextOptions = {}) => z.string().trim().check(safeText(options));

/** Optional free text: trimmed; empty means "no value" (null); undefined means "not given". */
export const optionalText = (max: number, options: TextOptions = {}) =>
  text(options)
    .max(max, `At most ${max} characters.`)
    .nullish()
    .transform((v) => (v === '' ? null : v));

export const requiredText = (max: number, label: string, options: TextOptions = {}) =>
  text(options).min(1, `${label} is required.`).max(max, `At most ${max} characters.`);

export const limitSchema = z.number().int().min(1).max(100).default(25);
export const cursorSchema = text().max(500).nullish();

/** What an upload route accepts, as configured on the server (e.g. `KYC_MAX_FILE_MB`). */
export const uploadLimitsOutput = z.object({ maxFileMb: z.number().positive() });
export type UploadLimits = z.infer<typeof uploadLimitsOutput>;

/** Every list procedure returns `{ items, nextCursor }`. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Opaque cursors: base64url of a JSON tuple, so clients cannot depend on their content. */
export function encodeCursor(values: readonly (string | number | boolean | null)[]): string {
  // UTF-8 first: btoa only takes Latin-1, and cursors carry names (e.g. "Łukasz", "王").
  const bytes = utf8.encode(JSON.stringify(values));
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCursor(cursor: string): unknown[] | null {
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    const value = JSON.parse(strictUtf8.decode(bytes));
    return Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

// One of each for every cursor (a list page reads one and writes one): no per-call construction.
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * What each part of a cursor must be. The typed kinds are checked as strictly as the SQL casts that
 * read them (`::uuid`, `::timestamptz`, `::date`, bigint), so a forged cursor is BAD_REQUEST, not a
 * database error: `datetime` is an ISO instant exactly as `Date#toISOString` writes it, `date` is
 * YYYY-MM-DD, both real calendar days from year 0001 (PostgreSQL has no year 0).
 */
export type CursorPart = 'string' | 'number' | 'integer' | 'boolean' | 'uuid' | 'datetime' | 'date';
type PartType<P> = P extends 'number' | 'integer' ? number : P extends 'boolean' ? boolean : string;

const UUID_RE = new RegExp(`^${UUID_PATTERN}$`);
const ISO_INSTANT_RE = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ISO_DATE_RE = /^(?!0000)\d{4}-\d{2}-\d{2}$/;

/** Whether `iso` is a real day or instant (no 30 February): parsed, it must read back unchanged. */
function readsBack(iso: string, asInstant: string): boolean {
  const d = new Date(asInstant);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso);
}

const isCursorPart: Record<CursorPart, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  integer: (v) => Number.isSafeInteger(v),
  boolean: (v) => typeof v === 'boolean',
  uuid: (v) => typeof v === 'string' && UUID_RE.test(v),
  datetime: (v) => typeof v === 'string' && ISO_INSTANT_RE.test(v) && readsBack(v, v),
  date: (v) => typeof v === 'string' && ISO_DATE_RE.test(v) && readsBack(v, `${v}T00:00:00.000Z`),
};

/** A cursor of the given shape, undefined when there is none; anything else is BAD_REQUEST on `cursor`. */
export function readCursor<const S extends readonly CursorPart[]>(
  cursor: string | null | undefined,
  shape: S,
): { -readonly [K in keyof S]: PartType<S[K]> } | undefined {
  if (!cursor) return undefined;
  const values = decodeCursor(cursor);
  if (values?.length !== shape.length || !shape.every((kind, i) => isCursorPart[kind](values[i]))) {
    throw Invalid.field('cursor', 'This page link is no longer valid; start from the first page.');
  }
  return values as { -readonly [K in keyof S]: PartType<S[K]> };
}
