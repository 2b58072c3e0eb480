import { type ComponentType, createElement, use } from 'react';

export type Preloadable<P extends object = object> = ComponentType<P> & {
  /** Starts fetching the component's chunk now (idempotent); rendering it later does not wait again. */
  preload: () => Promise<unknown>;
};

/**
 * A component whose code is its own chunk, like `React.lazy`, that can also be asked for before it
 * renders: the console fetches the page of the address it opened at (and the user menu) while the
 * session check is still on its way. Once loaded it renders at once, without a Suspense round.
 * A failed load is forgotten, so rendering again (the route error's "Try again") asks anew.
 */
export function preloadable<P extends object>(load: () => Promise<ComponentType<P>>): Preloadable<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const preload = () => {
    pending ??= load().then(
      (component) => {
        loaded = component;
        return component;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
  // biome-ignore lint/correctness/noComponentHookFactories: called once per module at load time, like React.lazy
  function Preloaded(props: P) {
    return createElement(loaded ?? use(preload()), props);
  }
  return Object.assign(Preloaded, { preload });
}

/**
 * Fetches a chunk the first screen does not show (a dialog) once the page has loaded and the browser is idle:
 * it is there before anyone needs it, without taking bandwidth and main-thread time from the first paint.
 */
export function preloadWhenIdle(component: Pick<Preloadable, 'preload'>) {
  const start = () => {
    const run = () => void component.preload().catch(() => {});
    if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 2_000 });
    else setTimeout(run, 200);
  };
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}
