import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, signedInRoles, type TestEnv, typedApi } from './helpers';
import { serveApp } from './sse';

/**
 * The typed client's runnable example (docs/examples/list-and-upload.ts) run as another app would:
 * a child process against a real server on a free port, authenticated with an API token.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);
let env: TestEnv;
let server: Awaited<ReturnType<typeof serveApp>>;

beforeAll(async () => {
  env = await setupTestEnv({ trustProxy: false });
  server = await serveApp(env.app);
});
afterAll(async () => {
  await server?.close();
  await env?.handle.close();
});

describe('docs/examples/list-and-upload.ts', () => {
  it('lists customers and uploads a document with a token, and the document is stored', {
    timeout: 180_000,
  }, async () => {
    const roles = await signedInRoles(env);
    const admin = typedApi(env.app, { cookie: roles.admin.cookie });
    const { secret, token } = await admin.apiTokens.create.mutate({
      name: 'example script',
      permissions: ['customers:view', 'documents:upload'],
    });
    const example = (tokenValue: string) =>
      run(join(root, 'node_modules/.bin/tsx'), ['docs/examples/list-and-upload.ts'], {
        cwd: root,
        env: { ...process.env, CM_URL: server.url, CM_TOKEN: tokenValue },
        timeout: 60_000,
      });
    const { stdout } = await example(secret);
    const customer = await admin.customers.byId.query({ id: roles.ownCustomer.id });
    expect(stdout).toContain(`customer ${customer.customerNumber} `);
    const id = /uploaded document ([0-9a-f-]{36}) /.exec(stdout)?.[1];
    expect(id).toBeDefined();
    const doc = await admin.documents.byId.query({ customerId: customer.id, documentId: id! });
    expect(doc).toMatchObject({
      title: 'Sent by the example script',
      fileName: 'hello.txt',
      category: 'correspondence',
    });
    const row = await env.db
      .selectFrom('customer_documents')
      .select('storage_key')
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();
    expect(existsSync(join(env.filesDir, row.storage_key))).toBe(true);
    const audit = await env.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'document.uploaded')
      .where('entity_id', '=', id!)
      .executeTakeFirstOrThrow();
    expect(audit.api_token_id).toBe(token.id);

    // Revoked: the same script is refused and says why.
    await admin.apiTokens.revoke.mutate({ id: token.id });
    const refused = await example(secret).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toContain('refused: UNAUTHORIZED');
  });
});
