import { rateLimitSignals } from "./provider-headers";
import type { Clock, PacingDecision } from "./types";
import { systemClock } from "./types";

/**
 * A gate per shop and model backend: how fast calls may start, found by AIMD
 * (additive increase, multiplicative decrease) as TCP finds a link's speed.
 * Each successful answer raises the rate a little; a 429 halves it and honours
 * retry-after; a spent quota in the rate-limit headers holds every call until
 * it resets; the provider's own requests-per-minute limit, when it says, is
 * the ceiling.
 */
export interface ProviderKey {
  shop: string;
  backendId: string;
}

export interface ProviderFeedback {
  /** HTTP status of the provider's answer. */
  status: number;
  headers?: Headers | Record<string, string | undefined>;
  /** A delay the provider asked for in its body rather than a header (Gemini's RetryInfo). */
  retryAfterMs?: number;
}

export interface ProviderGate {
  /** Without reserving a slot: in how many ms a call could start (0: now). */
  delayFor(key: ProviderKey): Promise<number>;
  /** Takes the next start slot if it is now; else says when to come back. */
  reserve(key: ProviderKey): Promise<PacingDecision>;
  /** What the provider answered: the rate goes up on success, down on 429, and holds while a quota is spent. */
  record(key: ProviderKey, feedback: ProviderFeedback): Promise<void>;
  /** The limits the provider last stated for this shop and backend (its rate-limit headers), for estimates. */
  statedLimits(key: ProviderKey): Promise<StatedLimits>;
}

export interface StatedLimits {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
}

export interface AimdSettings {
  /** Starting rate, calls per second. */
  initialPerSecond: number;
  /** Ceiling until the provider states its limit. */
  maximumPerSecond: number;
  /** Never slower than this. */
  minimumPerSecond: number;
  /** Added per successful answer. */
  increasePerSecond: number;
  /** Multiplied on a 429. */
  decreaseFactor: number;
}

export const DEFAULT_AIMD: AimdSettings = { initialPerSecond: 5, maximumPerSecond: 100, minimumPerSecond: 0.2, increasePerSecond: 0.5, decreaseFactor: 0.5 };

interface Lane {
  perSecond: number;
  ceiling: number;
  /** When the next call may start. */
  nextAt: number;
  /** No call before this (retry-after, a spent quota). */
  heldUntil: number;
  stated: StatedLimits;
}

export class InMemoryProviderGate implements ProviderGate {
  private readonly lanes = new Map<string, Lane>();
  constructor(
    private readonly clock: Clock = systemClock,
    private readonly settings: AimdSettings = DEFAULT_AIMD,
  ) {}

  private lane(key: ProviderKey): Lane {
    const id = `${key.shop}|${key.backendId}`;
    let lane = this.lanes.get(id);
    if (!lane) {
      lane = { perSecond: this.settings.initialPerSecond, ceiling: this.settings.maximumPerSecond, nextAt: 0, heldUntil: 0, stated: {} };
      this.lanes.set(id, lane);
    }
    return lane;
  }

  /** The current rate, calls per second (for reports and tests). */
  rate(key: ProviderKey): number {
    return this.lane(key).perSecond;
  }

  async delayFor(key: ProviderKey): Promise<number> {
    const lane = this.lane(key);
    return Math.max(0, Math.ceil(Math.max(lane.nextAt, lane.heldUntil) - this.clock()));
  }

  async reserve(key: ProviderKey): Promise<PacingDecision> {
    const retryInMs = await this.delayFor(key);
    if (retryInMs > 0) return { ok: false, retryInMs };
    const lane = this.lane(key);
    lane.nextAt = this.clock() + 1000 / lane.perSecond;
    return { ok: true };
  }

  async statedLimits(key: ProviderKey): Promise<StatedLimits> {
    return { ...this.lane(key).stated };
  }

  async record(key: ProviderKey, feedback: ProviderFeedback): Promise<void> {
    const lane = this.lane(key);
    const now = this.clock();
    const signals = feedback.headers ? rateLimitSignals(feedback.headers, now) : {};
    if (signals.retryAfterMs === undefined && feedback.retryAfterMs !== undefined) signals.retryAfterMs = feedback.retryAfterMs;
    if (signals.requestsPerMinute) lane.ceiling = Math.min(this.settings.maximumPerSecond, signals.requestsPerMinute / 60);
    if (signals.requestsPerMinute) lane.stated.requestsPerMinute = signals.requestsPerMinute;
    if (signals.tokensPerMinute) lane.stated.tokensPerMinute = signals.tokensPerMinute;
    if (feedback.status === 429) {
      lane.perSecond = Math.max(this.settings.minimumPerSecond, lane.perSecond * this.settings.decreaseFactor);
      lane.heldUntil = Math.max(lane.heldUntil, now + (signals.retryAfterMs ?? 1000 / lane.perSecond));
    } else if (feedback.status >= 200 && feedback.status < 300) {
      lane.perSecond = Math.min(lane.ceiling, lane.perSecond + this.settings.increasePerSecond);
    }
    lane.perSecond = Math.min(lane.perSecond, lane.ceiling);
    if (signals.exhaustedForMs !== undefined) lane.heldUntil = Math.max(lane.heldUntil, now + signals.exhaustedForMs);
    if (signals.retryAfterMs !== undefined) lane.heldUntil = Math.max(lane.heldUntil, now + signals.retryAfterMs);
  }
}
