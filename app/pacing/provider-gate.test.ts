import { describe, expect, it } from "vitest";
import { parseDuration, rateLimitSignals } from "./provider-headers";
import { InMemoryProviderGate, type AimdSettings } from "./provider-gate";

function clock(start = 5_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const KEY = { shop: "aimd.myshopify.com", backendId: "openai" };
const SETTINGS: AimdSettings = { initialPerSecond: 4, maximumPerSecond: 10, minimumPerSecond: 0.5, increasePerSecond: 1, decreaseFactor: 0.5 };

describe("provider gate (AIMD)", () => {
  it("spaces calls at the current rate and says when the next may start", async () => {
    const time = clock();
    const gate = new InMemoryProviderGate(time.now, SETTINGS);
    expect(await gate.reserve(KEY)).toEqual({ ok: true });
    expect(await gate.reserve(KEY)).toEqual({ ok: false, retryInMs: 250 });
    time.advance(250);
    expect(await gate.reserve(KEY)).toEqual({ ok: true });
  });

  it("adds a little per success up to the ceiling, halves on a 429", async () => {
    const time = clock();
    const gate = new InMemoryProviderGate(time.now, SETTINGS);
    for (let index = 0; index < 3; index += 1) await gate.record(KEY, { status: 200 });
    expect(gate.rate(KEY)).toBe(7);
    for (let index = 0; index < 10; index += 1) await gate.record(KEY, { status: 200 });
    expect(gate.rate(KEY)).toBe(10);
    await gate.record(KEY, { status: 429 });
    expect(gate.rate(KEY)).toBe(5);
    await gate.record(KEY, { status: 429 });
    await gate.record(KEY, { status: 429 });
    await gate.record(KEY, { status: 429 });
    await gate.record(KEY, { status: 429 });
    expect(gate.rate(KEY)).toBe(0.5);
  });

  it("holds every call for retry-after on a 429", async () => {
    const time = clock();
    const gate = new InMemoryProviderGate(time.now, SETTINGS);
    await gate.record(KEY, { status: 429, headers: new Headers({ "retry-after": "7" }) });
    expect(await gate.reserve(KEY)).toEqual({ ok: false, retryInMs: 7000 });
    time.advance(7000);
    expect(await gate.reserve(KEY)).toEqual({ ok: true });
  });

  it("holds calls while a quota is spent (x-ratelimit-remaining-requests: 0) and takes the stated limit as its ceiling", async () => {
    const time = clock();
    const gate = new InMemoryProviderGate(time.now, SETTINGS);
    await gate.record(KEY, { status: 200, headers: { "x-ratelimit-limit-requests": "120", "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "1.5s" } });
    expect(await gate.delayFor(KEY)).toBe(1500);
    // 120 a minute = 2 a second, below the configured ceiling.
    expect(gate.rate(KEY)).toBe(2);
  });

  it("keeps shops and backends apart", async () => {
    const time = clock();
    const gate = new InMemoryProviderGate(time.now, SETTINGS);
    await gate.record(KEY, { status: 429, headers: { "retry-after": "30" } });
    expect(await gate.delayFor({ ...KEY, backendId: "anthropic" })).toBe(0);
    expect(await gate.delayFor({ ...KEY, shop: "other.myshopify.com" })).toBe(0);
  });
});

describe("rate-limit headers", () => {
  it("reads OpenAI-style durations, Anthropic's reset times and retry-after dates", () => {
    expect(parseDuration("6m0s")).toBe(360_000);
    expect(parseDuration("20ms")).toBe(20);
    expect(parseDuration("1.5s")).toBe(1500);
    expect(parseDuration("soon")).toBeUndefined();
    const now = Date.parse("2026-12-01T10:00:00Z");
    expect(rateLimitSignals({ "anthropic-ratelimit-requests-remaining": "0", "anthropic-ratelimit-requests-reset": "2026-12-01T10:00:12Z" }, now)).toEqual({ exhaustedForMs: 12_000 });
    expect(rateLimitSignals(new Headers({ "retry-after": "Tue, 01 Dec 2026 10:00:05 GMT" }), now)).toEqual({ retryAfterMs: 5000 });
    expect(rateLimitSignals({ "x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "250ms", "x-ratelimit-remaining-requests": "99" }, now)).toEqual({ exhaustedForMs: 250 });
  });
});
