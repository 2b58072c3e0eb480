import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestEnv } from './helpers';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** A real sample file made by real tools (see fixtures/README.md). */
export function fixture(name: string): Buffer {
  return readFileSync(`${fixtures}${name}`);
}

/** Sends a multipart upload exactly as a browser form would. */
export async function upload(
  env: TestEnv,
  path: string,
  opts: {
    cookie?: string;
    file?: { name: string; bytes: Uint8Array; type?: string };
    /** Several `file` parts (ticket messages take up to five). */
    files?: { name: string; bytes: Uint8Array; type?: string }[];
    fields?: Record<string, string>;
    headers?: Record<string, string>;
  },
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(opts.fields ?? {})) form.append(k, v);
  for (const f of opts.file ? [opts.file] : (opts.files ?? []))
    form.append('file', new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'application/octet-stream' }), f.name);
  const res = await env.app.request(path, {
    method: 'POST',
    body: form,
    headers: {
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      'x-forwarded-for': '10.0.0.1',
      ...(opts.headers ?? {}),
    },
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

/** A date `days` from the test clock's today, as YYYY-MM-DD. */
export function dayFrom(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86400_000).toISOString().slice(0, 10);
}
