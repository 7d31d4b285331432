/**
 * Work the emulator does after answering a request (bulk operations). Tracked
 * so tests can wait for it and `close()` can stop it instead of leaving timers
 * running after the server is gone.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();
  private stoppingFlag = false;

  get stopping(): boolean {
    return this.stoppingFlag;
  }

  run(task: () => Promise<void>): void {
    const promise = task().catch(() => undefined);
    this.running.add(promise);
    void promise.finally(() => this.running.delete(promise));
  }

  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  async stop(): Promise<void> {
    this.stoppingFlag = true;
    await this.settled();
  }
}

/** Resolves after `ms` real milliseconds, or at once when the tasks are stopping. */
export function pause(ms: number, tasks: BackgroundTasks): Promise<void> {
  if (ms <= 0 || tasks.stopping) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => setTimeout(resolve, ms));
}
