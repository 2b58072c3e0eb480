import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * One choice out of a fixed list, kept in the URL (`?name=value`) so a filtered view survives a
 * reload and can be bookmarked or shared. Anything not in the list reads as no choice.
 */
export function useSearchParamChoice<T extends string>(name: string, choices: readonly T[]) {
  const [params, setParams] = useSearchParams();
  const raw = params.get(name);
  const value = raw !== null && (choices as readonly string[]).includes(raw) ? (raw as T) : null;
  const setValue = useCallback(
    (next: T | null) =>
      setParams(
        (p) => {
          const updated = new URLSearchParams(p);
          if (next === null) updated.delete(name);
          else updated.set(name, next);
          return updated;
        },
        { replace: true },
      ),
    [name, setParams],
  );
  return [value, setValue] as const;
}
