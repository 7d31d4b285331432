/**
 * Pacing: deciding BEFORE a call whether it may go now, instead of sending it
 * and being throttled. Every gate answers with the same decision, so a caller
 * that can wait (an interactive request) sleeps `retryInMs`, and a job
 * scheduler reschedules the task instead of holding a worker.
 *
 * The methods are async so that a shared implementation (Redis, for several
 * workers) can stand behind the same interface as the in-memory one.
 */
export type PacingDecision = { ok: true } | { ok: false; retryInMs: number };

/** Milliseconds since the epoch; injected so the logic can be tested without waiting. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
