/**
 * What a model provider's answer says about its rate limits, from the
 * headers the providers send: `retry-after` (seconds or an HTTP date),
 * OpenAI-style `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` (reset
 * as a duration such as "1s", "6m0s", "20ms"), and Anthropic's
 * `anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}` (reset as an
 * RFC 3339 time).
 */
export interface RateLimitSignals {
  /** retry-after: do not send before this many ms. */
  retryAfterMs?: number;
  /** A quota (requests or tokens) is spent until this many ms from now. */
  exhaustedForMs?: number;
  /** Requests allowed per minute, when the provider says. */
  requestsPerMinute?: number;
  /** Tokens (input and output) allowed per minute, when the provider says. */
  tokensPerMinute?: number;
}

type HeaderSource = Headers | Record<string, string | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | undefined>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  return key ? record[key] : undefined;
}

/** "6m0s", "1.5s", "20ms", "2h" → ms. */
export function parseDuration(value: string): number | undefined {
  const parts = [...value.trim().matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== value.trim()) return undefined;
  const unit = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
  return Math.ceil(parts.reduce((total, part) => total + Number(part[1]) * unit[part[2] as keyof typeof unit], 0));
}

function resetMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const duration = parseDuration(value);
  if (duration !== undefined) return duration;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function rateLimitSignals(headers: HeaderSource, now: number): RateLimitSignals {
  const signals: RateLimitSignals = {};
  const retryAfter = header(headers, "retry-after");
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) signals.retryAfterMs = Math.ceil(seconds * 1000);
    else if (!Number.isNaN(date)) signals.retryAfterMs = Math.max(0, date - now);
  }
  for (const quota of ["requests", "tokens"]) {
    for (const [remainingName, resetName] of [
      [`x-ratelimit-remaining-${quota}`, `x-ratelimit-reset-${quota}`],
      [`anthropic-ratelimit-${quota}-remaining`, `anthropic-ratelimit-${quota}-reset`],
    ] as const) {
      const remaining = header(headers, remainingName);
      if (remaining === undefined || Number(remaining) > 0) continue;
      const reset = resetMs(header(headers, resetName), now);
      if (reset !== undefined) signals.exhaustedForMs = Math.max(signals.exhaustedForMs ?? 0, reset);
    }
  }
  const limit = Number(header(headers, "x-ratelimit-limit-requests") ?? header(headers, "anthropic-ratelimit-requests-limit"));
  if (Number.isFinite(limit) && limit > 0) signals.requestsPerMinute = limit;
  const tokens = Number(header(headers, "x-ratelimit-limit-tokens") ?? header(headers, "anthropic-ratelimit-tokens-limit"));
  if (Number.isFinite(tokens) && tokens > 0) signals.tokensPerMinute = tokens;
  return signals;
}
