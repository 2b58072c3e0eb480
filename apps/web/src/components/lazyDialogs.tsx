import { type ComponentType, Suspense, useEffect, useState } from 'react';
import { preloadable, preloadWhenIdle } from '../lib/preloadable';
import type { ConfirmDialog } from './ConfirmDialog';
import type { ReasonDialog } from './ReasonDialog';

/**
 * A dialog for a page's first screen whose code (Radix, a zod rule) is fetched once the page is idle, or when the
 * dialog first opens, instead of with the page. Nothing renders until it is first opened; from then on it stays
 * mounted so it closes as usual (focus return, animation).
 */
function lazyDialog<P extends { open: boolean }>(load: () => Promise<ComponentType<P>>) {
  const Loaded = preloadable(load);
  // biome-ignore lint/correctness/noComponentHookFactories: called once per dialog at module load, like React.lazy
  return function LazyDialog(props: P) {
    const [wanted, setWanted] = useState(props.open);
    if (props.open && !wanted) setWanted(true);
    useEffect(() => preloadWhenIdle(Loaded), []);
    if (!wanted) return null;
    return (
      <Suspense fallback={null}>
        <Loaded {...props} />
      </Suspense>
    );
  };
}

export const LazyReasonDialog = lazyDialog<Parameters<typeof ReasonDialog>[0]>(() =>
  import('./ReasonDialog').then((m) => m.ReasonDialog),
);
export const LazyConfirmDialog = lazyDialog<Parameters<typeof ConfirmDialog>[0]>(() =>
  import('./ConfirmDialog').then((m) => m.ConfirmDialog),
);
