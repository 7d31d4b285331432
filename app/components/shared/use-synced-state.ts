import { useState } from "react";

/**
 * Runs `onChange` during render when `value` differs from the last render's —
 * React's "adjusting some state when a prop changes" pattern. An effect would
 * paint the stale state once and then render again; setting state here makes
 * React re-run this component before anything is painted.
 */
export function useOnChange<T>(value: T, onChange: (value: T, previous: T) => void): void {
  const [previous, setPrevious] = useState(value);
  if (!Object.is(previous, value)) {
    setPrevious(value);
    onChange(value, previous);
  }
}

/**
 * Local, editable state seeded from a value the server owns (loader data),
 * and re-seeded whenever the server's value changes (after a save or a
 * revalidation). `seed` receives the local state it replaces, so a caller can
 * carry over what the merchant typed for entries that still exist.
 */
export function useSyncedState<S, T>(source: S, seed: (source: S, previous?: T) => T): [T, (next: T | ((current: T) => T)) => void] {
  const [state, setState] = useState(() => seed(source));
  useOnChange(source, (next) => setState((previous) => seed(next, previous)));
  return [state, setState];
}
