import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AppRouter } from '@cm/api';
import type { Customer, CustomerCreateInput } from '@cm/domain';
import { createTRPCClient, httpLink } from '@trpc/client';
import { baseURL } from './browser';
import { type Credentials, credentialsOf, type DemoRole } from './users';

export type ApiClient = ReturnType<typeof createTRPCClient<AppRouter>>;

/** Raw sign-in call; returns the HTTP status, so tests can also produce failures on purpose. */
export async function loginRequest(creds: Credentials) {
  const res = await fetch(`${baseURL}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(creds),
  });
  return res;
}

/**
 * A tRPC client signed in as a user, for arranging data quickly (tests then check it in the UI).
 * Non-browser requests carry no Origin, which the API's cross-site check allows.
 */
export async function apiAs(who: DemoRole | Credentials): Promise<ApiClient> {
  const res = await loginRequest(credentialsOf(who));
  if (!res.ok) throw new Error(`Sign-in for the API client failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${baseURL}/trpc`, headers: { cookie } })] });
}

let counter = 0;
/** Unique per run and per call, so tests never collide on emails or search terms. */
export function unique(prefix = 'e2e'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
}

/** Creates an individual customer (pending, KYC not started) with unique name and email. */
export async function newCustomer(api: ApiClient, overrides: Partial<CustomerCreateInput> = {}): Promise<Customer> {
  const tag = unique('');
  return api.customers.create.mutate({
    type: 'individual',
    firstName: 'Test',
    lastName: `Person${tag}`,
    email: `test.person.${tag}@example.test`,
    phone: '020 7946 0123',
    addressLine1: '1 High Street',
    city: 'London',
    postalCode: 'EC1A 1BB',
    country: 'GB',
    riskLevel: 'low',
    ...overrides,
  });
}

/**
 * Uploads a file through the multipart route the console uses (`path`, e.g. `/api/customers/:id/kyc`),
 * signed in as `who`; returns the created record's id.
 */
export async function uploadAs(
  who: DemoRole,
  path: string,
  file: string,
  fields: Record<string, string>,
): Promise<{ id: string }> {
  const login = await loginRequest(credentialsOf(who));
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(await readFile(file))]), basename(file));
  const res = await fetch(`${baseURL}${path}`, { method: 'POST', body: form, headers: { cookie } });
  if (res.status !== 201) throw new Error(`Upload failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}
