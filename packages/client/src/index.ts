import type { AppRouter } from '@cm/api';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export type { AppRouter };
/** Every procedure's input, e.g. `RouterInputs['customers']['create']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Every procedure's output, e.g. `RouterOutputs['customers']['list']['items'][number]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type CustomerDocument = RouterOutputs['documents']['byId'];
export type KycDocument = RouterOutputs['kyc']['list']['items'][number];
export { TRPCClientError };

export interface ClientOptions {
  /** Where Customer Manager runs, e.g. `https://cm.internal.example` (no trailing `/trpc`). */
  url: string;
  /** An API token (`cm_…`) an admin created under Settings → API tokens. */
  token: string;
  /** Another fetch (a proxy agent, a test double); the global one by default. */
  fetch?: typeof fetch;
}

/** The server's batch limit (apps/api TRPC_MAX_BATCH): more calls in one request are refused. */
const MAX_BATCH = 20;

const base = (url: string) => url.replace(/\/+$/, '');

/**
 * A typed client for every tRPC procedure, authenticated with an API token: a wrong procedure name
 * or input does not compile. Errors are `TRPCClientError` with `data.code` (`FORBIDDEN`, …) and, for
 * bad input, `data.fieldErrors`.
 */
export function createCustomerManagerClient(options: ClientOptions) {
  const trpc = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${base(options.url)}/trpc`,
        maxItems: MAX_BATCH,
        headers: { authorization: `Bearer ${options.token}` },
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
  const helpers = {
    /** Uploads a customer document (multipart `POST /api/customers/{id}/documents`). */
    uploadDocument: (input: DocumentUpload) =>
      upload<CustomerDocument>(options, `/api/customers/${encodeURIComponent(input.customerId)}/documents`, input, {
        category: input.category,
        title: input.title,
        description: input.description,
      }),
    /** Uploads a KYC document (multipart `POST /api/customers/{id}/kyc`). */
    uploadKycDocument: (input: KycUpload) =>
      upload<KycDocument>(options, `/api/customers/${encodeURIComponent(input.customerId)}/kyc`, input, {
        documentType: input.documentType,
        documentNumber: input.documentNumber,
        issuingCountry: input.issuingCountry,
        issuedAt: input.issuedAt,
        expiresAt: input.expiresAt,
      }),
  };
  // The tRPC client is a proxy that reads every property as a procedure path, so the helpers are
  // served by a proxy in front of it rather than assigned onto it.
  return new Proxy(trpc, {
    get: (target, key, receiver) =>
      Object.hasOwn(helpers, key) ? helpers[key as keyof typeof helpers] : Reflect.get(target, key, receiver),
  }) as typeof trpc & typeof helpers;
}

export type CustomerManagerClient = ReturnType<typeof createCustomerManagerClient>;

interface FileUpload {
  customerId: string;
  /** The file's bytes (`new Blob([buffer])`, or `await fs.openAsBlob(path)` on Node). */
  file: Blob;
  /** The name the file is stored under; its extension must match the content. */
  fileName: string;
  /** Makes a retry safe: the same key and request answer the first result instead of a second file. */
  idempotencyKey?: string;
}

export interface DocumentUpload extends FileUpload {
  category: CustomerDocument['category'];
  title?: string;
  description?: string;
}

export interface KycUpload extends FileUpload {
  documentType: KycDocument['documentType'];
  documentNumber?: string;
  issuingCountry?: string;
  /** `YYYY-MM-DD` */
  issuedAt?: string;
  /** `YYYY-MM-DD` */
  expiresAt?: string;
}

/** A refused HTTP call: the status and the API's `{ error: { code, message, fieldErrors? } }`. */
export class CustomerManagerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'CustomerManagerError';
  }
}

async function upload<T>(
  options: ClientOptions,
  path: string,
  input: FileUpload,
  fields: Record<string, string | undefined>,
): Promise<T> {
  const form = new FormData();
  // Fields before the file, as a browser form sends them.
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, value);
  form.append('file', input.file, input.fileName);
  const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
  if (input.idempotencyKey) headers['idempotency-key'] = input.idempotencyKey;
  const res = await (options.fetch ?? fetch)(`${base(options.url)}${path}`, { method: 'POST', headers, body: form });
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; fieldErrors?: Record<string, string[]> };
  } | null;
  if (!res.ok) {
    const e = body?.error;
    throw new CustomerManagerError(res.status, e?.code ?? 'HTTP_ERROR', e?.message ?? res.statusText, e?.fieldErrors);
  }
  return body as T;
}
