/**
 * A small deterministic PRNG (mulberry32). Math.random cannot be seeded, and the
 * catalog must be identical for the same seed on every machine and Node version.
 * Each product gets its own generator derived from (seed, index) so products do
 * not depend on how many random numbers earlier products consumed.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [minimum, maximum], both inclusive. */
  integer(minimum: number, maximum: number): number {
    return minimum + Math.floor(this.next() * (maximum - minimum + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<Item>(items: readonly Item[]): Item {
    if (items.length === 0) throw new RangeError("Random.pick needs a non-empty list");
    return items[Math.floor(this.next() * items.length)] as Item;
  }

  /** `count` distinct items in their original order. */
  sample<Item>(items: readonly Item[], count: number): Item[] {
    const wanted = Math.min(count, items.length);
    const chosen = new Set<number>();
    while (chosen.size < wanted) chosen.add(Math.floor(this.next() * items.length));
    return [...chosen].sort((left, right) => left - right).map((index) => items[index] as Item);
  }
}

/** Combines two 32-bit values into a well-mixed 32-bit seed (murmur3 finaliser). */
export function mixSeed(first: number, second: number): number {
  let hash = (first ^ Math.imul(second + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** FNV-1a over a string; used to give each shop its own id range. */
export function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < value.length; index += 1) {
    hash ^= value.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
