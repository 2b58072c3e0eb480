// Sums the gzip size of the JavaScript a first visit loads: index.html's scripts and modulepreloads,
// plus every chunk they import statically (lazy routes and charts are not counted).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entries = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map(
  (m) => m[1],
);

const seen = new Set();
const queue = entries.map((src) => join(dist, src));
while (queue.length) {
  const file = queue.pop();
  if (seen.has(file)) continue;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  // Static imports only: `import … from "./x.js"` and bare `import "./x.js"`; dynamic import() is lazy.
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^"'()]*?from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) {
    queue.push(join(dirname(file), m[1]));
  }
}

let total = 0;
let totalBr = 0;
console.log('    gzip    brotli');
for (const file of [...seen].sort()) {
  const data = readFileSync(file);
  const gz = gzipSync(data, { level: 9 }).length;
  const br = brotliCompressSync(data).length;
  total += gz;
  totalBr += br;
  console.log(
    `${(gz / 1024).toFixed(1).padStart(8)} ${(br / 1024).toFixed(1).padStart(8)} kB  ${file.slice(dist.length + 1)}`,
  );
}
console.log(
  `${(total / 1024).toFixed(1).padStart(8)} ${(totalBr / 1024).toFixed(1).padStart(8)} kB  initial JavaScript (gzip / brotli), ${seen.size} file(s)`,
);
