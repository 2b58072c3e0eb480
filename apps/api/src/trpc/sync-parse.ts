import * as domain from '@cm/domain';
import { z } from 'zod';

/**
 * tRPC validates inputs and outputs with `parseAsync`, and zod 4 only takes its compiled (JIT) object
 * parser on a synchronous parse: checking a page of 25 customers the async way costs about five times
 * as much. This makes a schema's `parseAsync` parse synchronously, and fall back to zod's async parse
 * only when zod reports that the schema needs it (an async refinement or transform). Same schema,
 * same checks, same errors; the schema object stays the one the REST table and OpenAPI read.
 */
export function preferSyncParse<T extends z.ZodType>(schema: T): T {
  const parseAsync = schema.parseAsync.bind(schema);
  schema.parseAsync = async (data, params) => {
    try {
      return schema.parse(data, params);
    } catch (err) {
      if (err instanceof z.core.$ZodAsyncError) return parseAsync(data, params);
      throw err;
    }
  };
  return schema;
}

/**
 * Every schema `@cm/domain` exports. Runs when the procedure builder is first imported, so before
 * any router hands a schema to `.input()`/`.output()` (tRPC picks the parse function right then).
 */
export function preferSyncParseForDomainSchemas() {
  for (const value of Object.values(domain)) if (value instanceof z.ZodType) preferSyncParse(value);
}
