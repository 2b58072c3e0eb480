import { readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes `.br` and `.gz` next to every text asset of the build, at the highest levels (done once, at
 * build time): the API's static handler sends the smallest one the browser accepts.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'cm-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      const files = (await readdir(outDir, { recursive: true })).filter((f) => /\.(js|css|html|svg|json|txt)$/.test(f));
      await Promise.all(
        files.map(async (file) => {
          const path = join(outDir, file);
          const data = await readFile(path);
          if (data.length < 256) return;
          const [br, gz] = await Promise.all([
            promisify(brotliCompress)(data, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
              },
            }),
            promisify(gzip)(data, { level: 9 }),
          ]);
          await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
        }),
      );
    },
  };
}

/**
 * The theme boot script (src/theme/boot.js, named in index.html's <head>): a classic, render-blocking script, so
 * the theme class is on <html> before the first paint (no flash of the other theme). The CSP allows no inline
 * script, so the build emits it as a file with a content hash (cached for a year like every asset) and points
 * index.html at it; the dev server serves the source file as it is.
 */
function themeBootScript(): Plugin {
  const source = 'src/theme/boot.js';
  let build = false;
  return {
    name: 'cm-theme-boot',
    configResolved(config) {
      build = config.command === 'build';
    },
    buildStart() {
      if (build) this.emitFile({ type: 'asset', name: 'theme-boot.js', source: readFileSync(source, 'utf8') });
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        const asset = Object.values(ctx.bundle).find((f) => f.type === 'asset' && f.names.includes('theme-boot.js'));
        const tag = `<script src="/${source}"></script>`;
        if (!asset || !html.includes(tag)) throw new Error(`index.html must load ${source}`);
        return html.replace(tag, `<script src="/${asset.fileName}"></script>`);
      },
    },
  };
}

const api = process.env.API_URL ?? 'http://localhost:3000';
// Keep the browser's Host header: the API accepts state-changing requests only when Origin matches
// the host it was asked for (Vite's string shorthand would rewrite Host to the target's).
const toApi = { target: api, changeOrigin: false };

export default defineConfig({
  plugins: [react(), tailwindcss(), themeBootScript(), precompress()],
  server: {
    proxy: {
      '/trpc': toApi,
      '/api': toApi,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The budget (≤ 250 kB gzip of initial JS) is checked in the report, not by Vite's warning.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      treeshake: {
        // @cm/domain is pure (no I/O, no globals) but builds zod schemas and phone metadata at module
        // level; saying so lets the first page skip the parts only later pages use.
        moduleSideEffects: (id: string) => !id.includes('/packages/domain/src/'),
      },
    },
  },
});
