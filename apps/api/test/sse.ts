/** Server-sent event streams over real HTTP, read the way a browser's EventSource would. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { App } from '../src/app';

/** Serves the app on an ephemeral port of 127.0.0.1. */
export async function serveApp(app: App): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

export interface SseStream {
  status: number;
  headers: Headers;
  events: SseEvent[];
  /** Data events (`message`), parsed. */
  data<T = unknown>(): T[];
  /** Resolves when the server has ended the stream. */
  ended: Promise<void>;
  isEnded(): boolean;
  /** The first event (from the start) matching, waiting at most `ms`. */
  waitFor(match: (e: SseEvent) => boolean, ms?: number): Promise<SseEvent>;
  /** Disconnects, as a closed browser tab would. */
  close(): Promise<void>;
}

function parseBlock(block: string): SseEvent | null {
  const e: SseEvent = { event: 'message', data: '' };
  const data: string[] = [];
  let any = false;
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    any = true;
    if (field === 'event') e.event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') e.id = value;
  }
  if (!any) return null;
  e.data = data.join('\n');
  return e;
}

/** Opens `GET {url}{path}` as an event stream and reads it in the background. */
export async function openStream(url: string, path: string, opts: { cookie?: string } = {}): Promise<SseStream> {
  const ac = new AbortController();
  const res = await fetch(`${url}${path}`, {
    headers: {
      accept: 'text/event-stream',
      'x-forwarded-for': '10.0.0.1',
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
    },
    signal: ac.signal,
  });
  const events: SseEvent[] = [];
  let done = false;
  const waiters = new Set<() => void>();
  const poke = () => {
    for (const w of [...waiters]) w();
  };
  const ended = (async () => {
    if (!res.body) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done: last } = await reader.read();
        if (last) break;
        buffer += value;
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const e = parseBlock(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
          if (e) {
            events.push(e);
            poke();
          }
          cut = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted by close()
    } finally {
      done = true;
      poke();
    }
  })();

  return {
    status: res.status,
    headers: res.headers,
    events,
    data: <T>() => events.filter((e) => e.event === 'message').map((e) => JSON.parse(e.data) as T),
    ended,
    isEnded: () => done,
    waitFor(match, ms = 5000) {
      return new Promise<SseEvent>((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (found) {
            finish();
            resolve(found);
          } else if (done) {
            finish();
            reject(new Error(`stream ended without the event; got ${JSON.stringify(events)}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`));
        }, ms);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      ac.abort();
      await ended;
    },
  };
}

/** Waits until `cond` holds, polling briefly, at most `ms`. */
export async function eventually(cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
