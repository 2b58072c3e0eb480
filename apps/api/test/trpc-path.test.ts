import { describe, expect, it } from 'vitest';
import { procedurePathOf } from '../src/trpc/http-handler';

/** What tRPC's fetch adapter computes (a full URL parse, then slashes trimmed around `/trpc`). */
function fetchAdapterPath(url: string): string {
  const trim = (p: string) => {
    const a = p.startsWith('/') ? p.slice(1) : p;
    return a.endsWith('/') ? a.slice(0, -1) : a;
  };
  return trim(trim(new URL(url).pathname).slice('trpc'.length));
}

describe('procedurePathOf', () => {
  const urls = [
    'http://localhost/trpc/customers.byId?input=%7B%22id%22%3A%221%22%7D',
    'http://localhost:3000/trpc/customers.list,kyc.status?batch=1&input=%7B%7D',
    'http://localhost/trpc/customers.list%2Ckyc.status?batch=1',
    'https://cm.example/trpc/auth.me',
    'http://localhost/trpc/auth.me/',
    'http://localhost/trpc/',
    'http://localhost/trpc',
    'http://localhost/trpc//auth.me//',
    'http://localhost/trpc/a.b?x=/trpc/c.d#frag',
    'http://localhost/trpc/a.b#frag/x',
    'http://127.0.0.1:3391/trpc/notes.list?input=%7B%22customerId%22%3A%22x%22%7D',
  ];
  it.each(urls)('%s gives the path the fetch adapter gives', (url) => {
    expect(procedurePathOf(url)).toBe(fetchAdapterPath(url));
  });
});
