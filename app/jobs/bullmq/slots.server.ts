import type { Redis } from "ioredis";
import type { ItemSlots, SlotLimits, SlotScope } from "../slots";
import { REDIS_PREFIX } from "./connection.server";

/**
 * Item slots in Redis, shared by every worker (app/jobs/slots.ts): one sorted set per scope
 * (a shop; a shop on one backend), members are holders, scores their expiry in Redis's own
 * clock (so workers' clocks never disagree). Taking slots is one Lua script: expired holders
 * are dropped, every scope is checked, then all are taken — or none.
 */
const ACQUIRE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[1])
for index, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  if redis.call('ZSCORE', key, ARGV[2]) == false and redis.call('ZCARD', key) >= tonumber(ARGV[2 + index]) then return 0 end
end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now + ttl, ARGV[2])
  redis.call('PEXPIRE', key, ttl * 2)
end
return 1
`;

const RENEW = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[1])
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, 'XX', now + ttl, ARGV[2])
  redis.call('PEXPIRE', key, ttl * 2)
end
return 1
`;

const COUNT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
`;

export function slotKey(scope: SlotScope, namespace = REDIS_PREFIX): string {
  return scope.kind === "shop" ? `${namespace}:slots:shop:${scope.shop}` : `${namespace}:slots:backend:${scope.shop}:${scope.backendId}`;
}

export class RedisItemSlots implements ItemSlots {
  constructor(
    private readonly redis: Redis,
    private readonly limits: SlotLimits,
    /** key namespace; tests use their own so parallel runs never share slots */
    private readonly namespace = REDIS_PREFIX,
  ) {}

  private limitOf(scope: SlotScope): number {
    return scope.kind === "shop" ? this.limits.perShop : this.limits.perBackend;
  }

  async acquire(scopes: readonly SlotScope[], holder: string, ttlMs: number): Promise<boolean> {
    const keys = scopes.map((scope) => slotKey(scope, this.namespace));
    const result = await this.redis.eval(ACQUIRE, keys.length, ...keys, String(ttlMs), holder, ...scopes.map((scope) => String(this.limitOf(scope))));
    return result === 1;
  }

  async renew(scopes: readonly SlotScope[], holder: string, ttlMs: number): Promise<void> {
    const keys = scopes.map((scope) => slotKey(scope, this.namespace));
    await this.redis.eval(RENEW, keys.length, ...keys, String(ttlMs), holder);
  }

  async release(scopes: readonly SlotScope[], holder: string): Promise<void> {
    const pipeline = this.redis.multi();
    for (const scope of scopes) pipeline.zrem(slotKey(scope, this.namespace), holder);
    await pipeline.exec();
  }

  /** Slots held now in one scope (for logs and tests). */
  async held(scope: SlotScope): Promise<number> {
    return Number(await this.redis.eval(COUNT, 1, slotKey(scope, this.namespace)));
  }
}
