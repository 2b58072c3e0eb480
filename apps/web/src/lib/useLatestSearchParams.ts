import { useCallback, useLayoutEffect, useRef } from 'react';
import { type NavigateOptions, useSearchParams } from 'react-router';

/** What this hook asked for that the rendered address may not show yet. */
interface Pending {
  /** The addresses rendered or asked for on the way to `next`: still "not caught up". */
  behind: Set<string>;
  next: string;
}

/**
 * `useSearchParams`, but an update builds on the last update asked for, not on the rendered address.
 * React Router's functional form is given the params of the last render, so two clicks before the
 * re-render (two filter boxes ticked quickly) would each start from the same address and the second
 * would drop the first. Here the address asked for is kept until the location catches up with it; a
 * location reached any other way (back button, a link) is taken as it is.
 */
export function useLatestSearchParams() {
  const [params, setParams] = useSearchParams();
  const rendered = params.toString();
  const renderedRef = useRef(rendered);
  const pending = useRef<Pending | null>(null);

  useLayoutEffect(() => {
    renderedRef.current = rendered;
    const p = pending.current;
    if (p && (rendered === p.next || !p.behind.has(rendered))) pending.current = null;
  }, [rendered]);

  const update = useCallback(
    (next: (latest: URLSearchParams) => URLSearchParams, opts?: NavigateOptions) => {
      const now = renderedRef.current;
      // Still on the way to the last address asked for: build on that one.
      const p = pending.current?.behind.has(now) ? pending.current : null;
      const target = next(new URLSearchParams(p ? p.next : now)).toString();
      const behind = new Set(p ? [...p.behind, p.next] : [now]);
      behind.delete(target);
      pending.current = { behind, next: target };
      setParams(new URLSearchParams(target), opts);
    },
    [setParams],
  );

  return [params, update] as const;
}
