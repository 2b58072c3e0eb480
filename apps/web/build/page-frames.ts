import type { Plugin } from 'vite';
import { STATIC_PAGE_HEADERS } from '../src/app/pageHeaders.ts';
import { pageHeaderHtml } from '../src/components/pageHeaderMarkup.ts';

/** Where index.html's frame takes a page's header (a comment inside its <main>). */
export const PAGE_HEADER_SLOT = '<!-- page header -->';

/**
 * One copy of index.html per address of STATIC_PAGE_HEADERS, its frame already showing that page's header
 * (`frames/customers.html` for `/customers`), and `frames/manifest.json`, which says who may see each. The API
 * sends a signed-in user who may open the page its copy (everyone else index.html), so the page's title and
 * description paint with the first frame rather than after the scripts.
 */
export function pageFrames(): Plugin {
  return {
    name: 'cm-page-frames',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const index = bundle['index.html'];
        if (index?.type !== 'asset' || typeof index.source !== 'string') throw new Error('page frames: no index.html');
        const html = index.source;
        if (html.split(PAGE_HEADER_SLOT).length !== 2) throw new Error(`index.html must hold ${PAGE_HEADER_SLOT} once`);
        const manifest: Record<string, { file: string; permission: string; operation?: string }> = {};
        for (const [path, page] of Object.entries(STATIC_PAGE_HEADERS)) {
          const file = `${path.slice(1)}.html`;
          this.emitFile({
            type: 'asset',
            fileName: `frames/${file}`,
            source: html.replace(PAGE_HEADER_SLOT, pageHeaderHtml(page)),
          });
          manifest[path] = {
            file,
            permission: page.permission,
            ...('operation' in page ? { operation: page.operation } : {}),
          };
        }
        this.emitFile({ type: 'asset', fileName: 'frames/manifest.json', source: JSON.stringify(manifest, null, 2) });
      },
    },
  };
}
