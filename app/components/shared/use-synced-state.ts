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
 * and reset to it whenever the server's value changes (after a save or a
 * revalidation).
 */
export function useSyncedState<S, T>(source: S, seed: (source: S) => T): [T, (next: T | ((current: T) => T)) => void] {
  const [state, setState] = useState(() => seed(source));
  useOnChange(source, (next) => setState(seed(next)));
  return [state, setState];
}
