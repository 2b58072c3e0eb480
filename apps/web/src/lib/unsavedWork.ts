import { useEffect } from 'react';

const holders = new Set<object>();

/**
 * Marks work on screen that leaving the page would throw away: typed edits not yet saved, files
 * queued or uploading. The session layer asks before it sends anyone to the sign-in page.
 */
export function useUnsavedWork(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const token = {};
    holders.add(token);
    return () => {
      holders.delete(token);
    };
  }, [active]);
}

export function hasUnsavedWork(): boolean {
  return holders.size > 0;
}

let discarding = false;
const discardListeners = new Set<() => void>();

/** Runs `listener` on `stopUnsavedWork` (e.g. to abort uploads); returns the unsubscribe. */
export function onDiscardUnsavedWork(listener: () => void): () => void {
  discardListeners.add(listener);
  return () => {
    discardListeners.delete(listener);
  };
}

/** The user chose to throw the unsaved work away: stop what is still running (uploads). */
export function stopUnsavedWork() {
  for (const listener of discardListeners) listener();
}

/**
 * The user chose to throw the unsaved work away (e.g. signing out over it): the page's own
 * leave-without-saving guards stand down until `done` runs.
 */
export async function discardingUnsavedWork(done: () => Promise<void> | void) {
  discarding = true;
  try {
    await done();
  } finally {
    discarding = false;
  }
}

export function isDiscardingUnsavedWork(): boolean {
  return discarding;
}
