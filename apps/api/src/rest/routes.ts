import { Invalid, UUID_PATTERN } from '@cm/domain';
import { TRPCError } from '@trpc/server';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../middleware/request-context';
import { jsonError, respondWithBody } from '../routes/json-error';
import { contextOfRequest } from '../trpc/context';
import { callErrorBody } from '../trpc/init';
import { createCaller } from '../trpc/router';
import { honoPath, REST_OPERATIONS, type RestOperation } from './operations';
import { jsonSchemaOf, procedureDef } from './procedures';
import { inputFromQuery } from './query-input';

/** The same limit as a tRPC request: these bodies are small JSON; files use the upload routes. */
const REST_BODY_LIMIT = 1024 * 1024;

type Call = (input: unknown) => Promise<unknown>;

/** The procedure at `path` on a caller, e.g. `caller.customers.byId`. */
function procedureOn(caller: unknown, path: string): Call {
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  if (typeof fn !== 'function') throw new Error(`No procedure ${path}.`);
  return fn as Call;
}

/** A POST or PUT body: empty is `{}`; otherwise a JSON object (so no form post reaches a procedure). */
async function bodyInput(c: Context<AppEnv>): Promise<Record<string, unknown> | Response> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  if (!c.req.header('content-type')?.toLowerCase().startsWith('application/json')) {
    return jsonError(c, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Invalid('The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Invalid('The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

function check(op: RestOperation) {
  const def = procedureDef(op.procedure);
  const kind = op.method === 'GET' ? 'query' : 'mutation';
  if (def.type !== kind) throw new Error(`${op.method} ${op.path} needs a ${kind}; ${op.procedure} is a ${def.type}.`);
  const input = def.inputs[0];
  return { input: input ? jsonSchemaOf(input, 'input') : null, hasInput: Boolean(input) };
}

/**
 * The REST routes of SPEC §13, each calling its procedure through `createCaller` with the context a
 * tRPC request gets (same session, request id and client IP): permissions, customer scope, audit and
 * error mapping are the procedure's own. Errors answer `{ error: { code, message, fieldErrors? } }`.
 */
export function restRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const limit = bodyLimit({
    maxSize: REST_BODY_LIMIT,
    onError: (c) => {
      c.header('Connection', 'close');
      return jsonError(c, 413, 'PAYLOAD_TOO_LARGE', 'Request body too large.');
    },
  });

  for (const op of REST_OPERATIONS) {
    const { input: inputSchema, hasInput } = check(op);
    app.on(op.method, honoPath(op.path, UUID_PATTERN), limit, async (c) => {
      const requestId = c.get('requestId');
      try {
        let fields: Record<string, unknown> = {};
        if (op.method === 'GET') fields = inputFromQuery(c.req.queries(), inputSchema);
        else if (op.method !== 'DELETE') {
          const body = await bodyInput(c);
          if (body instanceof Response) return body;
          fields = body;
        }
        for (const [param, key] of Object.entries(op.params)) fields[key] = c.req.param(param);
        const resHeaders = new Headers();
        const caller = createCaller(contextOfRequest(c, deps, resHeaders));
        const result = await procedureOn(caller, op.procedure)(hasInput ? fields : undefined);
        resHeaders.forEach((value, name) => {
          c.header(name, value, { append: true });
        });
        c.header('Cache-Control', 'no-store');
        return c.json(result as object, op.created ? 201 : 200);
      } catch (err) {
        const body = callErrorBody(err, requestId);
        // Failures inside a procedure are logged by its error mapping; this logs the ones before it.
        if (body.status >= 500 && !(err instanceof TRPCError)) deps.logger.error({ err, requestId }, 'request failed');
        c.header('Cache-Control', 'no-store');
        return respondWithBody(c, body);
      }
    });
  }
  return app;
}
