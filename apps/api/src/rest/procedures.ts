import { z } from 'zod';
import type { ProcedureMeta } from '../trpc/init';
import { appRouter } from '../trpc/router';
import type { ProcedurePath } from './operations';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  enum?: unknown[];
  [k: string]: unknown;
};

interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription';
  inputs: z.ZodType[];
  output?: z.ZodType;
  meta?: ProcedureMeta;
}

/** A procedure's definition (kind, zod input and output, access rule) read from the router itself. */
export function procedureDef(path: ProcedurePath): ProcedureDef {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: ProcedureDef } | undefined>;
  const found = procedures[path];
  if (!found) throw new Error(`No procedure ${path}.`);
  return found._def;
}

/**
 * JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) of a zod schema: inputs as a client
 * sends them (before defaults and transforms), outputs as the server returns them. What JSON Schema
 * cannot say (refinements, transforms) is left to the server's own validation.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
  return rest as JsonSchema;
}
