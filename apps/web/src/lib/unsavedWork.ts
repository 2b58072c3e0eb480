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
