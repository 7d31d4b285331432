/**
 * Item slots shared by every runner that works on the same jobs (docs/decisions/0010): how many
 * items of one shop, and of one shop on one model backend, may be in flight at once across all
 * worker processes. A slot is held for one item and expires on its own (a dead worker's slots
 * come back after `ttlMs`), so a crash never leaks capacity. The in-process runner needs none
 * (its own concurrency is the only one); the scale-out set-up keeps them in Redis
 * (app/jobs/bullmq/slots.server.ts). The pacing gates (app/pacing/) can be fed from the same
 * store: the keys are the gates' keys.
 */
export type SlotScope = { kind: "shop"; shop: string } | { kind: "backend"; shop: string; backendId: string };

export interface ItemSlots {
  /** Takes one slot in every scope, all or none; false when any is full. */
  acquire(scopes: readonly SlotScope[], holder: string, ttlMs: number): Promise<boolean>;
  /** Keeps held slots alive while the item runs. */
  renew(scopes: readonly SlotScope[], holder: string, ttlMs: number): Promise<void>;
  release(scopes: readonly SlotScope[], holder: string): Promise<void>;
}

export interface SlotLimits {
  /** items of one shop in flight across every worker */
  perShop: number;
  /** items of one shop on one backend in flight across every worker */
  perBackend: number;
}

/** Prefix of Plume's keys in Redis (PLUME_REDIS_PREFIX's default). */
export const DEFAULT_REDIS_PREFIX = "plume";

/** The shop's default backend, for a job whose request names none. */
export const DEFAULT_BACKEND_SLOT = "default";

export function slotScopes(shop: string, backendId: string | undefined): SlotScope[] {
  return [
    { kind: "shop", shop },
    { kind: "backend", shop, backendId: backendId ?? DEFAULT_BACKEND_SLOT },
  ];
}
