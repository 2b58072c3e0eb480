import { type Compilable, CompiledQuery, type Kysely } from 'kysely';
import { isKeyringCarrier } from './data-keys/keyring';
import type { Database } from './schema';

/** Stands in for argument `i` while the query is built; no real value looks like it. */
const hole = (i: number) => `\u0000cm-prepared-arg-${i}\u0000`;

/**
 * A query whose shape never changes, built and compiled once: each call only puts its arguments into
 * the parameter list. On hot paths (the session lookup of every request, a customer by id) building
 * and compiling a kysely query costs more CPU than sending it.
 *
 * `build` must pass every argument through unchanged as a query value (no `.toLowerCase()`, no
 * branching on it): the first call checks that each argument appears as a parameter and throws
 * otherwise. Both dialects (pg and PGlite) compile with kysely's PostgreSQL compiler, so one compiled
 * text serves every handle and transaction whose only plugin is the keyring carrier (it changes no
 * query). A handle with any other plugin (it may rewrite or watch the query) gets the query built and
 * compiled through its plugins on every call instead.
 */
export function prepared<A extends unknown[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R>) {
  let compiled: { sql: string; slots: (number | { constant: unknown })[] } | undefined;
  return async (db: Kysely<Database>, ...args: A): Promise<R[]> => {
    if (db.getExecutor().plugins.some((p) => !isKeyringCarrier(p)))
      return (await db.executeQuery(build(db, ...args))).rows as R[];
    if (!compiled) {
      const query = build(db, ...(args.map((_, i) => hole(i)) as A)).compile();
      const slots = query.parameters.map((p) => {
        const i = args.findIndex((_, j) => p === hole(j));
        return i >= 0 ? i : { constant: p };
      });
      const missing = args.findIndex((_, i) => !slots.includes(i));
      if (missing >= 0) throw new Error(`prepared query: argument ${missing} is not a plain parameter`);
      compiled = { sql: query.sql, slots };
    }
    const parameters = compiled.slots.map((s) => (typeof s === 'number' ? args[s] : s.constant));
    return (await db.executeQuery(CompiledQuery.raw(compiled.sql, parameters))).rows as R[];
  };
}
