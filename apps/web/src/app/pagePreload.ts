/**
 * Which page chunks the address needs, decided before any module runs: the build puts this function and
 * the table of page routes (path pattern → the page's chunk and the chunks it imports) into the boot
 * script in index.html's <head> (build/boot-script.ts), so a page's code downloads alongside the main
 * bundle instead of after it has run. Self-contained on purpose: it is serialized with `toString()`.
 */
export type PagePreloadTable = readonly (readonly [pattern: string, files: readonly string[]])[];

/** The files of the route `pathname` matches (static segments beat `:params`, as in the router), or none. */
export function pagePreloadFiles(pathname: string, table: PagePreloadTable): readonly string[] {
  const parts = (pathname.replace(/\/+$/, '') || '/').split('/');
  let best: readonly string[] = [];
  let bestScore = -1;
  for (const [pattern, files] of table) {
    const segments = pattern.split('/');
    if (segments.length !== parts.length) continue;
    let score = 0;
    let matches = true;
    for (let i = 0; i < segments.length && matches; i++) {
      const segment = segments[i] ?? '';
      if (segment.startsWith(':')) matches = (parts[i] ?? '') !== '';
      else if (segment === parts[i]) score++;
      else matches = false;
    }
    if (matches && score > bestScore) {
      best = files;
      bestScore = score;
    }
  }
  return best;
}

/** Adds a `<link rel="modulepreload">` per file (same attributes as the build's own preloads). */
export function preloadPageFiles(pathname: string, table: PagePreloadTable, match: typeof pagePreloadFiles) {
  for (const href of match(pathname, table)) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = href;
    document.head.append(link);
  }
}
