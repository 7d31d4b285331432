/**
 * Everything one running emulator remembers between requests. Reset clears it
 * all at once, so tests that share an emulator do not see each other's state.
 */
import type { ResolvedProviderEmulatorOptions } from "../options";
import { BehaviourState } from "./behaviour";
import { FaultQueue } from "./faults";
import { GroundTruthLog } from "./ground-truth";
import { PromptCache } from "./prompt-cache";
import { RateLimiter } from "./rate-limiter";
import { RequestLog } from "./request-log";

export class EmulatorState {
  readonly faults = new FaultQueue();
  readonly log = new RequestLog();
  readonly behaviour = new BehaviourState();
  readonly truth = new GroundTruthLog();
  readonly limiter: RateLimiter;
  readonly cache: PromptCache;
  readonly now: () => number;
  /** Aborted on close, so latency waits and hanging requests end with the server. */
  private readonly lifetime = new AbortController();

  constructor(readonly options: ResolvedProviderEmulatorOptions) {
    this.now = options.now ?? Date.now;
    this.limiter = new RateLimiter(options.rateLimit, this.now);
    this.cache = new PromptCache(this.now);
  }

  /** Resolves after `milliseconds`, or at once when the emulator closes. */
  sleep(milliseconds: number): Promise<void> {
    if (milliseconds <= 0 || this.lifetime.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, milliseconds);
      const signal = this.lifetime.signal;
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done, { once: true });
    });
  }

  reset(): void {
    this.faults.clear();
    this.log.clear();
    this.limiter.reset();
    this.cache.clear();
    this.behaviour.clear();
    this.truth.clear();
  }

  close(): void {
    this.lifetime.abort();
  }
}
