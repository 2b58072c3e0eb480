import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.API_URL ?? 'http://localhost:3000';
// Keep the browser's Host header: the API accepts state-changing requests only when Origin matches
// the host it was asked for (Vite's string shorthand would rewrite Host to the target's).
const toApi = { target: api, changeOrigin: false };

export default defineConfig({
  plugins: [react(), tailwindcss()],
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
