import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { ensureRedis } from "../../../test/support/services";
import { slotScopes } from "../slots";
import { RedisItemSlots } from "./slots.server";

/** The shared item slots every worker takes before claiming an item, on a real Redis. */
const redis = await ensureRedis();
if ("unavailable" in redis) console.warn(`Redis item slots skipped: ${redis.unavailable}`);
const prefix = `plume-slots-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const connection = "unavailable" in redis ? undefined : new Redis(redis.url, { maxRetriesPerRequest: null });

afterAll(async () => {
  if (!connection) return;
  const keys = await connection.keys(`${prefix}:*`);
  if (keys.length > 0) await connection.del(...keys);
  await connection.quit();
});

describe.skipIf(!connection)("Redis item slots", () => {
  it("caps a shop across holders, all scopes or none, and frees a slot on release", async () => {
    const slots = new RedisItemSlots(connection!, { perShop: 2, perBackend: 1 }, prefix);
    const openai = slotScopes("a.myshopify.com", "openai");
    const mistral = slotScopes("a.myshopify.com", "mistral");
    expect(await slots.acquire(openai, "h1", 10_000)).toBe(true);
    // the shop has room, the shop + openai does not: nothing is taken
    expect(await slots.acquire(openai, "h2", 10_000)).toBe(false);
    expect(await slots.held(openai[0]!)).toBe(1);
    expect(await slots.acquire(mistral, "h3", 10_000)).toBe(true);
    // the shop is full now, whatever the backend
    expect(await slots.acquire(slotScopes("a.myshopify.com", "anthropic"), "h4", 10_000)).toBe(false);
    // another shop is not affected
    expect(await slots.acquire(slotScopes("b.myshopify.com", "openai"), "h5", 10_000)).toBe(true);
    await slots.release(openai, "h1");
    expect(await slots.acquire(openai, "h2", 10_000)).toBe(true);
  });

  it("a holder that stops renewing (a dead worker) loses its slot when it expires; renewing keeps it", async () => {
    const slots = new RedisItemSlots(connection!, { perShop: 1, perBackend: 1 }, prefix);
    const kept = slotScopes("c.myshopify.com", undefined);
    const dead = slotScopes("d.myshopify.com", undefined);
    expect(await slots.acquire(kept, "alive", 300)).toBe(true);
    expect(await slots.acquire(dead, "dead", 300)).toBe(true);
    for (let step = 0; step < 4; step += 1) {
      await new Promise((resolve) => setTimeout(resolve, 120));
      await slots.renew(kept, "alive", 300);
    }
    expect(await slots.acquire(kept, "other", 300)).toBe(false);
    expect(await slots.acquire(dead, "other", 300)).toBe(true);
  });
});
