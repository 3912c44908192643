import { useSyncExternalStore } from "react";

const noop = () => () => {};

/**
 * False during the server render and hydration, true afterwards: dates in the viewer's locale and
 * zone, and relative times, are only rendered once it is true so the server's HTML always matches.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}
