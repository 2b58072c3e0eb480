import { TRPCError } from '@trpc/server';
import { getHTTPStatusCode, resolveResponse } from '@trpc/server/http';
import {
  type AnyProcedure,
  getErrorShape,
  getTRPCErrorFromUnknown,
  isAsyncIterable,
  isObject,
  isPromise,
} from '@trpc/server/unstable-core-do-not-import';
import type { Context } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../middleware/request-context';
import { CSP, standardHeaders } from '../middleware/security-headers';
import { contextOfRequest } from './context';
import { appRouter } from './router';

const PREFIX = '/trpc';

/** `Retry-After` of a rate-limited call, from our error body or a mapped cause. */
function retryAfterOf(errors: TRPCError[]): number | undefined {
  for (const e of errors) {
    const s = (e.cause as { data?: { retryAfterSeconds?: number } } | undefined)?.data?.retryAfterSeconds;
    if (typeof s === 'number') return s;
  }
  for (const e of errors) {
    const s = (e as { body?: { retryAfterSeconds?: number } }).body?.retryAfterSeconds;
    if (typeof s === 'number') return s;
  }
  return undefined;
}

/**
 * The procedure path of a request URL (`/trpc/a.b,c.d?…` → `a.b,c.d`), from the URL string as the
 * Node adapter normalised it: what tRPC's fetch adapter computes by parsing the URL once more.
 */
export function procedurePathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '';
  let end = url.length;
  for (let i = start; i < url.length; i++) {
    const ch = url.charCodeAt(i);
    if (ch === 63 /* ? */ || ch === 35 /* # */) {
      end = i;
      break;
    }
  }
  let path = url.slice(start + 1, end);
  if (path.endsWith('/')) path = path.slice(0, -1);
  path = path.slice(PREFIX.length - 1);
  if (path.startsWith('/')) path = path.slice(1);
  if (path.endsWith('/')) path = path.slice(0, -1);
  return path;
}

/**
 * The procedure a request may call directly: a single (not batched) GET of a query, with no body type
 * and no streaming asked for. Anything else (batches, mutations, subscriptions, unknown or encoded
 * paths, `trpc-accept`/jsonl, a content type) goes through tRPC's resolver.
 */
export function directQueryOf(c: Context<AppEnv>, path: string, params: URLSearchParams): AnyProcedure | null {
  if (c.req.method !== 'GET' || path.includes(',') || path.includes('%')) return null;
  const proc = (appRouter._def.procedures as unknown as Record<string, AnyProcedure | undefined>)[path];
  if (proc?._def.type !== 'query') return null;
  if (params.get('batch') === '1') return null;
  if (c.req.header('content-type') !== undefined || c.req.header('trpc-accept') !== undefined) return null;
  if (c.req.header('accept')?.includes('application/jsonl')) return null;
  return proc;
}

/** The query string of a URL (after `?`, before `#`), as `URL.search` gives it without the `?`. */
export function searchOf(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return '';
  const hash = url.indexOf('#', q);
  return hash < 0 ? url.slice(q + 1) : url.slice(q + 1, hash);
}

/** tRPC's check that a query's result is not something only a streaming link could carry. */
function isDataStream(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (isAsyncIterable(v)) return true;
  return Object.values(v).some(isPromise) || Object.values(v).some(isAsyncIterable);
}

/**
 * One query call answered without tRPC's resolver: the same procedure call (middleware, input and
 * output checks, error mapping) and the same JSON body, status and headers tRPC gives a single GET
 * call, without the per-request `URL`, `Headers`, abort signals and fetch `Response` the resolver
 * builds around it (`test/trpc-direct.test.ts` compares both paths). The call gets no abort signal,
 * as with `createCaller`: only subscriptions use one, and they never come here.
 */
async function callQueryDirectly(
  c: Context<AppEnv>,
  deps: AppDeps,
  proc: AnyProcedure,
  path: string,
  params: URLSearchParams,
): Promise<Response> {
  const resHeaders = new Headers();
  const ctx = contextOfRequest(c, deps, resHeaders);
  let input: unknown;
  let inputRead = false;
  const getRawInput = async () => {
    if (!inputRead) {
      const raw = params.get('input');
      try {
        input = raw ? JSON.parse(raw) : undefined;
      } catch (cause) {
        // As tRPC's input reader: an unreadable input is the request's fault.
        throw new TRPCError({ code: 'BAD_REQUEST', message: (cause as Error).message, cause });
      }
      inputRead = true;
    }
    return input;
  };
  let body: string;
  let status = 200;
  let error: TRPCError | null = null;
  try {
    const data = await proc({ path, getRawInput, ctx, type: 'query', signal: undefined, batchIndex: 0 });
    if (isDataStream(data)) {
      // tRPC reports this one outside the call: no path in its error shape.
      const streamError = new TRPCError({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink',
      });
      throw Object.assign(streamError, { outsideCall: true });
    }
    body = JSON.stringify({ result: { data } });
  } catch (cause) {
    error = getTRPCErrorFromUnknown(cause);
    const outside = (cause as { outsideCall?: boolean }).outsideCall === true;
    const shape = getErrorShape({
      config: appRouter._def._config,
      ctx,
      error,
      input: inputRead ? input : undefined,
      path: outside ? undefined : path,
      type: 'query',
    });
    const json = { error: shape };
    status = getHTTPStatusCode(json);
    body = JSON.stringify(json);
  }
  // tRPC's headers for a call (vary, content type), ours from responseMeta (replacing any the call
  // set), then the call's own; a plain object, without a `Headers` to fill, when the call set none.
  const retry = error ? retryAfterOf([error]) : undefined;
  let own = false;
  resHeaders.forEach(() => {
    own = true;
  });
  if (own) {
    const headers = new Headers({ vary: 'trpc-accept, accept', 'content-type': 'application/json' });
    resHeaders.set('cache-control', 'no-store');
    if (retry) resHeaders.set('retry-after', String(retry));
    resHeaders.forEach((value, name) => {
      headers.append(name, value);
    });
    return new Response(body, { status, headers });
  }
  const headers: Record<string, string> = {
    vary: 'trpc-accept, accept',
    'content-type': 'application/json',
    'cache-control': 'no-store',
  };
  if (retry) headers['retry-after'] = String(retry);
  // And those of every response, here rather than added one by one to a `Headers` afterwards.
  headers['content-security-policy'] = CSP;
  Object.assign(headers, standardHeaders(c, deps.draining));
  c.set('standardHeaders', true);
  return new Response(body, { status, headers });
}

/**
 * The `/trpc/*` mount: tRPC's own request resolver (batching, streaming, subscriptions, error
 * shapes and status codes exactly as its fetch adapter gives them), called directly with the path
 * already known and options built once, instead of through the fetch adapter, which parses the URL a
 * second time and wraps every option per call.
 */
export function trpcHandler(deps: AppDeps, opts: { directQueries?: boolean } = {}) {
  const directQueries = opts.directQueries ?? true;
  return (c: Context<AppEnv>) => {
    const path = procedurePathOf(c.req.url);
    const params = new URLSearchParams(searchOf(c.req.url));
    const direct = directQueries ? directQueryOf(c, path, params) : null;
    if (direct) return callQueryDirectly(c, deps, direct, path, params);
    const resHeaders = new Headers();
    return resolveResponse({
      router: appRouter,
      req: c.req.raw,
      path,
      error: null,
      allowMethodOverride: false,
      createContext: async () => contextOfRequest(c, deps, resHeaders),
      responseMeta({ errors }) {
        resHeaders.set('Cache-Control', 'no-store');
        const retry = errors.length > 0 ? retryAfterOf(errors) : undefined;
        if (retry) resHeaders.set('Retry-After', String(retry));
        return { headers: resHeaders };
      },
    });
  };
}
