/**
 * How the job service tells workers there is work (docs/decisions/0010). The state is in
 * the database; a dispatcher only carries "look again". The in-process runner is one
 * implementation (the default); the BullMQ one (scale-out) is another, in its own folder.
 */
export interface JobDispatcher {
  /** A job of this shop has runnable work (started, resumed, retried, approved items to apply). */
  notify(signal: { shop: string; jobId: string }): void;
}

/** For estimates and reads that never start work. */
export const NO_DISPATCH: JobDispatcher = { notify: () => {} };
