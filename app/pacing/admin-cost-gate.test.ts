import { describe, expect, it } from "vitest";
import { InMemoryAdminCostGate, UNKNOWN_SHOP_BUCKET } from "./admin-cost-gate";
import { CostEstimates, MUTATION_COST_ESTIMATE, QUERY_COST_ESTIMATE } from "./cost-estimates";

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const SHOP = "gate.myshopify.com";
const standard = (currentlyAvailable: number) => ({ requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: { maximumAvailable: 2000, currentlyAvailable, restoreRate: 100 } });

describe("Admin cost gate", () => {
  it("lets a call through when the bucket has its points, and says when otherwise, from Shopify's last report", async () => {
    const time = clock();
    const gate = new InMemoryAdminCostGate(time.now);
    await gate.settle(SHOP, 0, standard(5));
    // 10 points wanted, 5 there, 100 restored per second: 50 ms.
    expect(await gate.reserve(SHOP, 10)).toEqual({ ok: false, retryInMs: 50 });
    expect(await gate.delayFor(SHOP, 10)).toBe(50);
    time.advance(50);
    expect(await gate.reserve(SHOP, 10)).toEqual({ ok: true });
  });

  it("counts points reserved by calls in flight until their answer arrives", async () => {
    const time = clock();
    const gate = new InMemoryAdminCostGate(time.now);
    await gate.settle(SHOP, 0, standard(25));
    expect(await gate.reserve(SHOP, 10)).toEqual({ ok: true });
    expect(await gate.reserve(SHOP, 10)).toEqual({ ok: true });
    // 25 - 20 in flight = 5 free: the third must wait.
    expect(await gate.reserve(SHOP, 10)).toEqual({ ok: false, retryInMs: 50 });
    // The first answer arrives: Shopify says 15 are left (it counted one call so far).
    await gate.settle(SHOP, 10, standard(15));
    // 15 - 10 still in flight = 5: still 50 ms.
    expect(await gate.delayFor(SHOP, 10)).toBe(50);
    await gate.settle(SHOP, 10, standard(15));
    expect(await gate.reserve(SHOP, 10)).toEqual({ ok: true });
  });

  it("refills at the restore rate up to the maximum, never beyond", async () => {
    const time = clock();
    const gate = new InMemoryAdminCostGate(time.now);
    await gate.settle(SHOP, 0, standard(0));
    time.advance(60_000);
    // 60 s × 100 = 6,000 points restored, but the bucket holds 2,000.
    expect(await gate.delayFor(SHOP, 2000)).toBe(0);
    expect(await gate.reserve(SHOP, 2000)).toEqual({ ok: true });
    expect(await gate.delayFor(SHOP, 1)).toBe(10);
  });

  it("a call costing more than the whole bucket waits for a full bucket, not forever", async () => {
    const time = clock();
    const gate = new InMemoryAdminCostGate(time.now);
    await gate.settle(SHOP, 0, standard(0));
    expect(await gate.delayFor(SHOP, 5000)).toBe(20_000);
  });

  it("assumes the smallest documented bucket for a shop it has not heard from, and keeps shops apart", async () => {
    const time = clock();
    const gate = new InMemoryAdminCostGate(time.now);
    expect(await gate.reserve("new.myshopify.com", UNKNOWN_SHOP_BUCKET.maximumAvailable)).toEqual({ ok: true });
    expect(await gate.delayFor("new.myshopify.com", 50)).toBe(1000);
    expect(await gate.delayFor("other.myshopify.com", 50)).toBe(0);
  });

  it("a call that never got an answer gives its reservation back", async () => {
    const time = clock();
    const gate = new InMemoryAdminCostGate(time.now);
    await gate.settle(SHOP, 0, standard(10));
    expect(await gate.reserve(SHOP, 10)).toEqual({ ok: true });
    expect(await gate.delayFor(SHOP, 10)).toBe(100);
    await gate.settle(SHOP, 10, null);
    expect(await gate.delayFor(SHOP, 10)).toBe(0);
  });
});

describe("cost estimates", () => {
  it("use the documented mutation cost and a query default until an answer reports the operation's requested cost", () => {
    const estimates = new CostEstimates();
    expect(estimates.get("Write", "mutation")).toBe(MUTATION_COST_ESTIMATE);
    expect(estimates.get("Read", "query")).toBe(QUERY_COST_ESTIMATE);
    estimates.learn("Read", 187);
    expect(estimates.get("Read", "query")).toBe(187);
  });
});
