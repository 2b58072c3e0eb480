import { useSyncExternalStore } from 'react';

let needed = false;
const listeners = new Set<() => void>();

/** Whether the session ended under unsaved work and the user is being asked to sign in again in place. */
export function isReauthNeeded(): boolean {
  return needed;
}

export function setReauthNeeded(value: boolean) {
  if (needed === value) return;
  needed = value;
  for (const listener of listeners) listener();
}

export function useReauthNeeded(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => needed,
  );
}
