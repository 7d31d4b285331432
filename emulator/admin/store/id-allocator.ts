/**
 * Numeric ids in Shopify's ranges (13-14 digits). Each shop gets its own slot so
 * that a product id from one emulated shop never resolves in another, as with
 * real Shopify where ids are global.
 */
import { hashString } from "../seed/random";

export type IdKind = "product" | "variant" | "media" | "option" | "metafield" | "bulkOperation";

const BASES: Readonly<Record<IdKind, number>> = {
  product: 7_000_000_000_000,
  option: 9_000_000_000_000,
  metafield: 20_000_000_000_000,
  media: 30_000_000_000_000,
  variant: 40_000_000_000_000,
  bulkOperation: 5_000_000_000_000,
};

/** How many ids of one kind a shop can hold before ranges would overlap. */
const SLOT_WIDTH = 100_000_000;
const SLOT_COUNT = 10_000;

export function shopSlot(shopDomain: string): number {
  return hashString(shopDomain) % SLOT_COUNT;
}

export class IdAllocator {
  private readonly next: Record<IdKind, number>;

  constructor(shopDomain: string) {
    const slot = shopSlot(shopDomain);
    this.next = {
      product: BASES.product + slot * SLOT_WIDTH + 1,
      option: BASES.option + slot * SLOT_WIDTH + 1,
      metafield: BASES.metafield + slot * SLOT_WIDTH + 1,
      media: BASES.media + slot * SLOT_WIDTH + 1,
      variant: BASES.variant + slot * SLOT_WIDTH + 1,
      bulkOperation: BASES.bulkOperation + slot * SLOT_WIDTH + 1,
    };
  }

  allocate(kind: IdKind): number {
    const id = this.next[kind];
    this.next[kind] = id + 1;
    return id;
  }
}
