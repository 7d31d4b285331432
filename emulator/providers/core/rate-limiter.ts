/**
 * Per-provider rate limits as continuously refilling buckets, which is how OpenAI,
 * Anthropic and Groq describe theirs: a bucket of `limit` refills fully in a minute,
 * so "reset" is the time until it is full again, not the end of a fixed window.
 *
 * Requests are also quantized by default, as OpenAI warns they may be ("60,000
 * requests/minute may be enforced as 1,000 requests/second"): a burst larger than a
 * second's share of the minute's limit gets 429 although the minute's bucket is not
 * spent. The headers still report the minute's bucket, so a client that reads only
 * them and sends at will still meets the 429s.
 */
import type { ProviderId } from "../options";

const WINDOW_MS = 60_000;

export interface BucketSnapshot {
  limit: number;
  /** Whole units left, never negative. */
  remaining: number;
  /** Milliseconds until the bucket is full again. */
  resetMs: number;
}

export interface RateLimitSnapshot {
  requests: BucketSnapshot;
  /** Input and output tokens together (OpenAI, Groq, Mistral count them this way). */
  tokens: BucketSnapshot;
  /** Anthropic reports input and output tokens separately. */
  inputTokens: BucketSnapshot;
  outputTokens: BucketSnapshot;
  /** Tokens the request being answered cost (Mistral reports it); 0 on errors. */
  chargedTokens: number;
}

export type Admission =
  | { admitted: true }
  | { admitted: false; limitName: "requests" | "tokens"; limit: number; retryAfterMs: number };

class Bucket {
  private level: number;
  private refilledAt: number;

  constructor(
    readonly limit: number,
    now: number,
    private readonly windowMs = WINDOW_MS,
  ) {
    this.level = limit;
    this.refilledAt = now;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.refilledAt);
    this.level = Math.min(this.limit, this.level + (elapsed * this.limit) / this.windowMs);
    this.refilledAt = now;
  }

  available(now: number): number {
    this.refill(now);
    return this.level;
  }

  /** Milliseconds until `amount` is available (0 when it already is). */
  waitFor(amount: number, now: number): number {
    this.refill(now);
    const missing = Math.min(amount, this.limit) - this.level;
    return missing <= 0 ? 0 : Math.ceil((missing * this.windowMs) / this.limit);
  }

  take(amount: number, now: number): void {
    this.refill(now);
    // A response can cost more than was left; providers let the balance go negative and make you wait.
    this.level -= amount;
  }

  snapshot(now: number): BucketSnapshot {
    this.refill(now);
    const remaining = Math.max(0, Math.floor(this.level));
    return { limit: this.limit, remaining, resetMs: Math.ceil(((this.limit - this.level) * this.windowMs) / this.limit) };
  }
}

interface ProviderBuckets {
  requests: Bucket;
  /** A second's share of the requests (at least one): undefined when bursts of a whole minute's limit are let through. */
  requestsThisSecond: Bucket | undefined;
  tokens: Bucket;
  inputTokens: Bucket;
  outputTokens: Bucket;
}

export class RateLimiter {
  private readonly buckets = new Map<ProviderId, ProviderBuckets>();

  constructor(
    private readonly limits: { requestsPerMinute: number; tokensPerMinute: number; burst?: "second" | "minute" },
    private readonly now: () => number,
  ) {}

  private bucketsFor(provider: ProviderId): ProviderBuckets {
    let buckets = this.buckets.get(provider);
    if (buckets === undefined) {
      const now = this.now();
      const { requestsPerMinute, tokensPerMinute } = this.limits;
      buckets = {
        requests: new Bucket(requestsPerMinute, now),
        requestsThisSecond: this.limits.burst === "minute" ? undefined : new Bucket(Math.max(1, requestsPerMinute / 60), now, 1000),
        tokens: new Bucket(tokensPerMinute, now),
        inputTokens: new Bucket(tokensPerMinute, now),
        // Anthropic's output-token limits are about a fifth of its input-token limits at every tier.
        outputTokens: new Bucket(Math.max(1, Math.floor(tokensPerMinute / 5)), now),
      };
      this.buckets.set(provider, buckets);
    }
    return buckets;
  }

  /** Takes one request from the bucket when both the request and the estimated prompt fit. */
  admit(provider: ProviderId, estimatedInputTokens: number): Admission {
    const buckets = this.bucketsFor(provider);
    const now = this.now();
    const requestWait = Math.max(buckets.requests.waitFor(1, now), buckets.requestsThisSecond?.waitFor(1, now) ?? 0);
    if (requestWait > 0) return { admitted: false, limitName: "requests", limit: buckets.requests.limit, retryAfterMs: requestWait };
    const tokenWait = buckets.tokens.waitFor(estimatedInputTokens, now);
    if (tokenWait > 0) return { admitted: false, limitName: "tokens", limit: buckets.tokens.limit, retryAfterMs: tokenWait };
    buckets.requests.take(1, now);
    buckets.requestsThisSecond?.take(1, now);
    return { admitted: true };
  }

  /** Charges the tokens a completed request used and reports the state after it. */
  charge(provider: ProviderId, inputTokens: number, outputTokens: number): RateLimitSnapshot {
    const buckets = this.bucketsFor(provider);
    const now = this.now();
    buckets.tokens.take(inputTokens + outputTokens, now);
    buckets.inputTokens.take(inputTokens, now);
    buckets.outputTokens.take(outputTokens, now);
    return { ...this.snapshot(provider), chargedTokens: inputTokens + outputTokens };
  }

  snapshot(provider: ProviderId): RateLimitSnapshot {
    const buckets = this.bucketsFor(provider);
    const now = this.now();
    return {
      requests: buckets.requests.snapshot(now),
      tokens: buckets.tokens.snapshot(now),
      inputTokens: buckets.inputTokens.snapshot(now),
      outputTokens: buckets.outputTokens.snapshot(now),
      chargedTokens: 0,
    };
  }

  reset(): void {
    this.buckets.clear();
  }
}

/** Go-style durations as OpenAI and Groq print them in x-ratelimit-reset-*: "12ms", "1.5s", "6m0s". */
export function formatResetDuration(milliseconds: number): string {
  const ms = Math.max(0, Math.ceil(milliseconds));
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(3))}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Number(((ms % 60_000) / 1000).toFixed(3));
  return `${minutes}m${seconds}s`;
}

/** RFC 3339 without fractions, as Anthropic's *-reset headers carry. */
export function resetTimestamp(now: number, resetMs: number): string {
  return new Date(Math.ceil((now + resetMs) / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function retryAfterSeconds(milliseconds: number): number {
  return Math.max(1, Math.ceil(milliseconds / 1000));
}
