import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Plugin, Rolldown } from 'vite';
import {
  bootEntry,
  matchPagePreload,
  PAGE_QUERIES,
  type PagePreload,
  pageQueriesUrl,
  preloadPage,
} from '../src/app/pagePreload.ts';

type OutputBundle = Rolldown.OutputBundle;
type OutputChunk = Rolldown.OutputChunk;

const THEME_SOURCE = 'src/theme/boot.js';
const ROUTER = 'src/app/router.tsx';
const PAGES = 'src/app/pages.ts';

/**
 * The page routes of router.tsx as `[path pattern, page module]`: `pageRoute('customers/:id', CustomerDetailPage…)`
 * joined with pages.ts's `export const CustomerDetailPage = page(() => import('../features/…'))`. Every page route
 * must resolve, or the build fails (a renamed page must not silently lose its preload).
 */
export function pageRouteModules(root: string): [pattern: string, module: string][] {
  const router = readFileSync(join(root, ROUTER), 'utf8');
  const pages = readFileSync(join(root, PAGES), 'utf8');
  const modules = new Map(
    [...pages.matchAll(/export const (\w+) = page\(\s*\(\) => import\('([^']+)'\)/g)].map(([, name, spec]) => [
      name as string,
      resolve(dirname(join(root, PAGES)), spec as string),
    ]),
  );
  const routes = [...router.matchAll(/pageRoute\(\s*(\{ index: true \}|'([^']*)')\s*,\s*(\w+)/g)];
  if (routes.length === 0) throw new Error(`${ROUTER}: no pageRoute(…) found`);
  return routes.map(([, , path, name]) => {
    const module = modules.get(name as string);
    if (!module) throw new Error(`${ROUTER}: page ${name} is not a page(() => import(…)) of ${PAGES}`);
    return [`/${path ?? ''}`, module];
  });
}

/** A chunk's file and every chunk it imports statically, minus those index.html loads anyway. */
function chunkFiles(chunk: OutputChunk, bundle: OutputBundle, initial: ReadonlySet<string>): string[] {
  const files: string[] = [];
  const visit = (fileName: string) => {
    if (initial.has(fileName) || files.includes(fileName)) return;
    const item = bundle[fileName];
    if (item?.type !== 'chunk') return;
    files.push(fileName);
    for (const imported of item.imports) visit(imported);
  };
  visit(chunk.fileName);
  return files.map((f) => `/${f}`);
}

/**
 * index.html's first script, classic and render-blocking (the CSP allows no inline script): sets the theme
 * class before the first paint (src/theme/boot.js) and, in a build, adds `modulepreload` links for the code
 * of the page the address opens at, and a preload of its first queries where its first paint waits on them
 * (src/app/pagePreload.ts), so they download alongside the main bundle. The
 * build emits it with a content hash (cached for a year like every asset); the dev server serves the theme
 * part as it is.
 */
export function bootScript(): Plugin {
  let root = process.cwd();
  let build = false;
  let fileName = '';
  return {
    name: 'cm-boot-script',
    configResolved(config) {
      root = config.root;
      build = config.command === 'build';
    },
    generateBundle: {
      order: 'pre',
      handler(_options, bundle) {
        if (!build) return;
        const chunks = Object.values(bundle).filter((f): f is OutputChunk => f.type === 'chunk');
        const entry = chunks.find((c) => c.isEntry);
        if (!entry) throw new Error('boot script: no entry chunk');
        const initial = new Set<string>([entry.fileName]);
        const addStatic = (fileName: string) => {
          const item = bundle[fileName];
          if (item?.type !== 'chunk') return;
          for (const imported of item.imports) {
            if (!initial.has(imported)) {
              initial.add(imported);
              addStatic(imported);
            }
          }
        };
        addStatic(entry.fileName);
        const routes = pageRouteModules(root);
        for (const pattern of Object.keys(PAGE_QUERIES)) {
          if (!routes.some(([p]) => p === pattern))
            throw new Error(`boot script: PAGE_QUERIES names no route ${pattern}`);
        }
        const table: PagePreload[] = routes.map(([pattern, module]) => {
          const chunk = chunks.find((c) => c.facadeModuleId === module || c.facadeModuleId?.startsWith(`${module}.`));
          if (!chunk) throw new Error(`boot script: no chunk for ${module} (route ${pattern})`);
          const queries = PAGE_QUERIES[pattern];
          return { pattern, files: chunkFiles(chunk, bundle, initial), ...(queries ? { queries } : {}) };
        });
        const source = [
          readFileSync(join(root, THEME_SOURCE), 'utf8'),
          '// The frame index.html shows until React renders (build/boot-script.ts).',
          `document.documentElement.dataset.boot = (${bootEntry})(location.pathname);`,
          '// The code (and first data) of the page this address opens at.',
          `(${preloadPage})(location.pathname, ${JSON.stringify(table)}, ${matchPagePreload}, ${pageQueriesUrl});`,
          '',
        ].join('\n');
        const ref = this.emitFile({ type: 'asset', name: 'boot.js', source });
        fileName = this.getFileName(ref);
      },
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        const tag = `<script src="/${THEME_SOURCE}"></script>`;
        if (!fileName || !html.includes(tag)) throw new Error(`index.html must load ${THEME_SOURCE}`);
        return html.replace(tag, `<script src="/${fileName}"></script>`);
      },
    },
  };
}
