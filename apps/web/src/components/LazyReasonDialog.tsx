import { type ComponentProps, Suspense, useEffect, useState } from 'react';
import { preloadable, preloadWhenIdle } from '../lib/preloadable';
import type { ReasonDialog } from './ReasonDialog';

const Loaded = preloadable(() => import('./ReasonDialog').then((m) => m.ReasonDialog));

/**
 * The reason dialog for a page's first screen: its code (with the reason's zod rule) is fetched once the page
 * is idle, or when the dialog first opens, instead of with the page; once opened it stays mounted so it can
 * close as usual.
 */
export function LazyReasonDialog(props: ComponentProps<typeof ReasonDialog>) {
  const [wanted, setWanted] = useState(props.open);
  if (props.open && !wanted) setWanted(true);
  useEffect(() => preloadWhenIdle(Loaded), []);
  if (!wanted) return null;
  return (
    <Suspense fallback={null}>
      <Loaded {...props} />
    </Suspense>
  );
}
