import { customerListInput, customerPage } from '@cm/domain';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { appRouter } from '../src/trpc/router';
import { preferSyncParse } from '../src/trpc/sync-parse';

describe('synchronous parsing for tRPC', () => {
  it('parses, defaults and refuses exactly as before', async () => {
    const schema = preferSyncParse(z.object({ n: z.number().int().default(3), tag: z.string().min(2) }));
    expect(await schema.parseAsync({ tag: 'ab' })).toEqual({ n: 3, tag: 'ab' });
    const err = await schema.parseAsync({ n: 1.5, tag: 'a' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(z.ZodError);
    expect((err as z.ZodError).issues.map((i) => i.path.join('.')).sort()).toEqual(['n', 'tag']);
  });

  it('falls back to the async parse for a schema that needs it', async () => {
    const schema = preferSyncParse(z.string().refine(async (s) => s.startsWith('ok'), 'not ok'));
    expect(await schema.parseAsync('ok-1')).toBe('ok-1');
    await expect(schema.parseAsync('no')).rejects.toBeInstanceOf(z.ZodError);
  });

  it('is in place for the domain schemas the procedures were built with', async () => {
    // The router is loaded: the shared schema objects carry the synchronous-first parse.
    expect((appRouter._def.procedures as Record<string, unknown>)['customers.list']).toBeDefined();
    const refused = await customerListInput.parseAsync({ limit: 0 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(z.ZodError);
    const parse = vi.spyOn(customerPage, 'parse');
    expect(await customerPage.parseAsync({ items: [], nextCursor: null })).toEqual({ items: [], nextCursor: null });
    expect(parse).toHaveBeenCalledTimes(1);
    parse.mockRestore();
  });
});
