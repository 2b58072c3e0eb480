import type { JsonSchema } from './procedures';

const NUMBER = /^-?\d+(\.\d+)?$/;

function typesOf(schema: JsonSchema): string[] {
  const alternatives = schema.anyOf ?? [schema];
  return alternatives.flatMap((a) => (Array.isArray(a.type) ? a.type : a.type ? [a.type] : []));
}

/** One query-string value as the schema wants it: numbers, booleans and empty-as-null; else the text. */
function scalar(value: string, schema: JsonSchema): unknown {
  const types = typesOf(schema);
  if ((types.includes('integer') || types.includes('number')) && NUMBER.test(value)) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  if (types.includes('null') && value === '') return null;
  return value;
}

/**
 * A GET's input from its query string, coerced by the procedure's input schema: `limit=10` is a
 * number, `includeDeleted=true` a boolean, a repeated key (`status=new&status=open`) an array.
 * Anything that still does not fit is left for the procedure's own validation (400 with field errors).
 */
export function inputFromQuery(query: Record<string, string[]>, schema: JsonSchema | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, values] of Object.entries(query)) {
    const prop = schema?.properties?.[key] ?? {};
    const alternatives = prop.anyOf ?? [prop];
    const list = alternatives.find((a) => a.type === 'array');
    const single = alternatives.some((a) => a.type !== 'array');
    if (list && (values.length > 1 || !single)) out[key] = values.map((v) => scalar(v, list.items ?? {}));
    else if (values.length > 1)
      out[key] = values; // not a list: refused by the schema, not silently cut
    else out[key] = scalar(values[0] ?? '', prop);
  }
  return out;
}
