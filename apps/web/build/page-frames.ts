import type { Plugin } from 'vite';
import { STATIC_PAGE_HEADERS } from '../src/app/pageHeaders.ts';
import { pageHeaderHtml } from '../src/components/pageHeaderMarkup.ts';

/** Where index.html's frame takes a page's header (a comment inside its <main>). */
export const PAGE_HEADER_SLOT = '<!-- page header -->';

/**
 * One copy of index.html per address of STATIC_PAGE_HEADERS, its frame already showing that page's header:
 * `frames/customers.html` for `/customers`. The API sends the copy for its address (and index.html for every
 * other), so the page's title and description paint with the first frame rather than after the scripts.
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
        for (const [path, header] of Object.entries(STATIC_PAGE_HEADERS)) {
          this.emitFile({
            type: 'asset',
            fileName: `frames${path}.html`,
            source: html.replace(PAGE_HEADER_SLOT, pageHeaderHtml(header)),
          });
        }
      },
    },
  };
}
