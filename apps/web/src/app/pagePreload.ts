/**
 * What the page an address opens at needs, asked for before any module has run: the build puts these functions
 * and the table of page routes into the boot script in index.html's <head> (build/boot-script.ts), so a page's
 * code (and, for the customer page, its first data) downloads alongside the main bundle instead of after it
 * has run. Self-contained on purpose: the functions are serialized with `toString()`.
 */

/** A tRPC batch: `[procedure, input]` pairs, where a string input value `":name"` stands for that route parameter. */
export type PageQueries = readonly (readonly [procedure: string, input: Readonly<Record<string, string>>])[];

export interface PagePreload {
  /** The route, as in the router: `/customers/:id`. */
  pattern: string;
  /** The page's chunk and the chunks it imports (the build fills these in). */
  files: readonly string[];
  /** The page's first queries, exactly as its router prefetch asks for them (one batch). */
  queries?: PageQueries;
}

/**
 * First queries the boot script starts. Each must be the very batch the page's router prefetch sends
 * (customerPrefetch.ts: same procedures, order and inputs), or the browser cannot hand the answer over
 * and asks twice (e2e/first-load.e2e.ts checks it is asked once). Only where the first paint waits on data.
 */
export const PAGE_QUERIES: Readonly<Record<string, PageQueries>> = {
  '/customers/:id': [
    ['customers.byId', { id: ':id' }],
    ['kyc.status', { customerId: ':id' }],
  ],
};

/** The route `pathname` matches (static segments beat `:params`, as in the router) and its parameters. */
export function matchPagePreload(
  pathname: string,
  table: readonly PagePreload[],
): { page: PagePreload; params: Record<string, string> } | null {
  const parts = (pathname.replace(/\/+$/, '') || '/').split('/');
  let best: { page: PagePreload; params: Record<string, string> } | null = null;
  let bestScore = -1;
  for (const page of table) {
    const segments = page.pattern.split('/');
    if (segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let score = 0;
    let matches = true;
    for (let i = 0; i < segments.length && matches; i++) {
      const segment = segments[i] ?? '';
      const part = parts[i] ?? '';
      if (segment.startsWith(':')) {
        matches = part !== '';
        try {
          params[segment.slice(1)] = decodeURIComponent(part);
        } catch {
          matches = false;
        }
      } else if (segment === part) score++;
      else matches = false;
    }
    if (matches && score > bestScore) {
      best = { page, params };
      bestScore = score;
    }
  }
  return best;
}

/** The URL tRPC's batch link (`/trpc`, GET) uses for these queries with these parameters. */
export function pageQueriesUrl(queries: PageQueries, params: Record<string, string>): string {
  const inputs: Record<string, Record<string, string>> = {};
  queries.forEach(([, input], i) => {
    const filled: Record<string, string> = {};
    for (const [key, value] of Object.entries(input)) {
      filled[key] = value.startsWith(':') ? (params[value.slice(1)] ?? '') : value;
    }
    inputs[i] = filled;
  });
  const procedures = queries.map(([procedure]) => procedure).join(',');
  return `/trpc/${procedures}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`;
}

/** Adds the preload links for the page at `pathname` (the same attributes as the build's and index.html's). */
export function preloadPage(
  pathname: string,
  table: readonly PagePreload[],
  match: typeof matchPagePreload,
  queriesUrl: typeof pageQueriesUrl,
) {
  const found = match(pathname, table);
  if (!found) return;
  const add = (rel: string, href: string, as?: string) => {
    const link = document.createElement('link');
    link.rel = rel;
    if (as) link.as = as;
    link.crossOrigin = '';
    link.href = href;
    document.head.append(link);
  };
  if (found.page.queries) add('preload', queriesUrl(found.page.queries, found.params), 'fetch');
  for (const file of found.page.files) add('modulepreload', file);
}

/** Which frame index.html shows before the scripts run (`data-boot` on <html>, read by index.css). */
export function bootEntry(pathname: string): 'sign-in' | 'portal' | 'staff' {
  if (pathname === '/sign-in' || pathname.startsWith('/sign-in/')) return 'sign-in';
  return pathname === '/portal' || pathname.startsWith('/portal/') ? 'portal' : 'staff';
}
