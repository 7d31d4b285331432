import { useEffect, useRef } from "react";

/** How long a page waits, after its last read has come back, before reading again what is still moving (a catalog sync, a job). */
export const POLL_INTERVAL_MS = 2_000;

export interface Poll {
  /** Whether there is anything to follow (a sync or a job still moving). */
  active: boolean;
  /** Nothing is loading: no read of ours, no navigation. */
  settled: boolean;
  /** What the last read brought (loader or fetcher data): each new value starts the wait again. */
  latest: unknown;
  /** Starts one read (a revalidation, a fetcher load). May be a new function on every render. */
  read: () => void;
}

/**
 * While `active`, reads again POLL_INTERVAL_MS after the last read came back, never on a
 * fixed clock. Remix aborts a revalidation or a fetcher load still in flight when the next one
 * starts, so a clock firing every two seconds, with a server slower than that to answer (a
 * loaded machine, a slow link), aborted every read with the next one and the page never
 * learned that the work had finished.
 *
 * The wait restarts when `latest` changes as well as when `settled` does: the router's state
 * reaches React in transitions, and a fast answer can land before the "loading" state is ever
 * rendered, so `settled` alone may never visibly change between two reads.
 */
export function usePoll({ active, settled, latest, read }: Poll): void {
  const latestRead = useRef(read);
  useEffect(() => {
    latestRead.current = read;
  });
  useEffect(() => {
    if (!active || !settled) return;
    const timer = setTimeout(() => latestRead.current(), POLL_INTERVAL_MS);
    return () => clearTimeout(timer);
  }, [active, settled, latest]);
}
