import type { TRPCError } from '@trpc/server';
import { resolveResponse } from '@trpc/server/http';
import type { Context } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../middleware/request-context';
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
 * The `/trpc/*` mount: tRPC's own request resolver (batching, streaming, subscriptions, error
 * shapes and status codes exactly as its fetch adapter gives them), called directly with the path
 * already known and options built once, instead of through the fetch adapter, which parses the URL a
 * second time and wraps every option per call.
 */
export function trpcHandler(deps: AppDeps) {
  return (c: Context<AppEnv>) => {
    const resHeaders = new Headers();
    return resolveResponse({
      router: appRouter,
      req: c.req.raw,
      path: procedurePathOf(c.req.url),
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
