// Bundles the API (src/main.ts and the workspace packages it imports) into dist/main.js, so a start
// loads plain JavaScript instead of transpiling TypeScript module by module.
//
//   node scripts/build.mjs              build
//   node scripts/build.mjs --if-stale   build only when a bundled source, this script or the lockfile
//                                       changed since the last build (what `pnpm start` runs)
//   node scripts/build.mjs --outdir DIR build elsewhere (inside apps/api, so that its packages resolve)
//
// Packages from node_modules stay external: they load as published (PGlite finds its wasm and data
// files next to its own code), imported by a path relative to the bundle, because pnpm links only an
// app's direct dependencies into its node_modules and @cm/db's (kysely, PGlite, pg) are not among them.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const apiDir = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const outdirArg = args.indexOf('--outdir');
const outdir = outdirArg >= 0 ? resolve(args[outdirArg + 1]) : join(apiDir, 'dist');
/** The bundled inputs of the last build, written next to it for `--if-stale`. */
const inputsFile = join(outdir, 'inputs.json');
/** Files whose change calls for a new bundle besides the bundled sources. */
const alsoDependsOn = [
  fileURLToPath(import.meta.url),
  join(apiDir, 'package.json'),
  join(apiDir, '../../pnpm-lock.yaml'),
];

function upToDate() {
  const main = join(outdir, 'main.js');
  if (!existsSync(main) || !existsSync(inputsFile)) return false;
  const builtAt = statSync(main).mtimeMs;
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8')).map((p) => join(apiDir, p));
  return [...inputs, ...alsoDependsOn].every((p) => existsSync(p) && statSync(p).mtimeMs <= builtAt);
}

/**
 * Pure ESM packages of many small modules, bundled too: loading them file by file (open, resolve,
 * compile) cost more than the code itself.
 */
const bundled = ['zod', 'hono', '@hono/node-server', '@trpc/server', 'kysely', 'kysely-pglite-dialect'];
const isBundled = (path) => path.startsWith('@cm/') || bundled.some((p) => path === p || path.startsWith(`${p}/`));

/** Other bare imports become external, addressed by their resolved file. */
const externalNodeModules = {
  name: 'external-node-modules',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (a) => {
      if (isBundled(a.path) || a.pluginData?.resolving) return undefined;
      if (a.path.startsWith('node:')) return { path: a.path, external: true };
      const found = await b.resolve(a.path, {
        kind: a.kind,
        resolveDir: a.resolveDir,
        importer: a.importer,
        pluginData: { resolving: true },
      });
      if (found.errors.length > 0) return { errors: found.errors };
      // A Node built-in named without `node:` (e.g. 'fs') resolves to itself.
      if (found.external || !found.path.includes('node_modules')) return { path: a.path, external: true };
      const path = relative(outdir, found.path).split('\\').join('/');
      return { path: path.startsWith('.') ? path : `./${path}`, external: true };
    });
  },
};

if (!(args.includes('--if-stale') && upToDate())) {
  const { build } = await import('esbuild');
  // No chunk of an earlier build left behind.
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: apiDir,
    entryPoints: { main: 'src/main.ts' },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Modules imported dynamically (S3 storage and the AWS SDK behind it) become chunks loaded on demand.
    splitting: true,
    // Chunks sit next to main.js: the external paths are relative to that directory.
    chunkNames: '[name]-[hash]',
    // Node's own resolution: no `module` condition (esbuild adds it unless told otherwise).
    conditions: [],
    plugins: [externalNodeModules],
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(inputsFile, JSON.stringify(Object.keys(result.metafile.inputs)));
}
