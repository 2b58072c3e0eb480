import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { bootScript } from './build/boot-script.ts';
import { countryNames } from './build/country-names.ts';
import { pageFrames } from './build/page-frames.ts';

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

// react-router's package exports point at its development build only (remix-run/react-router#12532): the same
// code with its development warnings switched on. A build takes the production twin next to it, which differs in
// that one flag, so the warnings' checks drop out of the bundle and out of every render.
const reactRouterProduction = join(
  dirname(createRequire(import.meta.url).resolve('react-router')),
  '../production/index.mjs',
);

const api = process.env.API_URL ?? 'http://localhost:3000';
// Keep the browser's Host header: the API accepts state-changing requests only when Origin matches
// the host it was asked for (Vite's string shorthand would rewrite Host to the target's).
const toApi = { target: api, changeOrigin: false };

export default defineConfig(({ command }) => ({
  plugins: [react(), tailwindcss(), countryNames(), bootScript(), pageFrames(), precompress()],
  resolve: {
    alias: command === 'build' ? [{ find: /^react-router$/, replacement: reactRouterProduction }] : [],
  },
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
      output: {
        codeSplitting: {
          groups: [
            // One file for the icons instead of one per icon and per combination of pages using it (each a
            // request of a few hundred bytes that waits its turn on a phone's connection).
            { name: 'icons', test: /node_modules[\\/]lucide-react[\\/]/ },
          ],
        },
      },
    },
  },
}));
