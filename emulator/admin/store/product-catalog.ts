/**
 * One shop's products, kept in id order (ids only grow, so appends keep the
 * order) with indexes for the lookups GraphQL needs: by id, by handle, and from
 * a media or variant id back to its product.
 */
import type { IdAllocator } from "./id-allocator";
import { MediaImageRecord, ProductRecord, type VariantRecord } from "./records";

export class ProductCatalog {
  private readonly ordered: ProductRecord[];
  private readonly byLegacyId = new Map<number, ProductRecord>();
  private readonly byHandle = new Map<string, ProductRecord>();
  private readonly mediaByLegacyId = new Map<number, MediaImageRecord>();
  /** Set when a delete leaves a hole in `ordered`; compacted lazily. */
  private dirty = false;

  constructor(
    products: ProductRecord[],
    readonly ids: IdAllocator,
  ) {
    this.ordered = products;
    for (const product of products) this.index(product);
  }

  private index(product: ProductRecord): void {
    this.byLegacyId.set(product.legacyId, product);
    this.byHandle.set(product.handle, product);
    for (const media of product.media) this.mediaByLegacyId.set(media.legacyId, media);
  }

  /** Products in ascending id order. Do not mutate the array. */
  all(): readonly ProductRecord[] {
    if (this.dirty) {
      let write = 0;
      for (const product of this.ordered) if (this.byLegacyId.has(product.legacyId)) this.ordered[write++] = product;
      this.ordered.length = write;
      this.dirty = false;
    }
    return this.ordered;
  }

  get size(): number {
    return this.byLegacyId.size;
  }

  get(legacyId: number): ProductRecord | undefined {
    return this.byLegacyId.get(legacyId);
  }

  getByHandle(handle: string): ProductRecord | undefined {
    return this.byHandle.get(handle);
  }

  getMedia(legacyId: number): MediaImageRecord | undefined {
    return this.mediaByLegacyId.get(legacyId);
  }

  /**
   * Variant ids are allocated in product order, so the owning product is found
   * by binary search over the products' first variant ids.
   */
  getVariant(legacyId: number): VariantRecord | undefined {
    const products = this.all();
    let low = 0;
    let high = products.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const product = products[middle];
      if (!product) break;
      const variants = product.variants;
      const first = variants[0]?.legacyId;
      const last = variants.at(-1)?.legacyId;
      if (first === undefined || last === undefined) {
        // A product without variants gives no ordering signal here; fall back to a scan.
        return products.flatMap((candidate) => candidate.variants).find((variant) => variant.legacyId === legacyId);
      }
      if (legacyId < first) high = middle - 1;
      else if (legacyId > last) low = middle + 1;
      else return variants.find((variant) => variant.legacyId === legacyId);
    }
    return undefined;
  }

  add(product: ProductRecord): void {
    this.all();
    this.ordered.push(product);
    this.index(product);
  }

  delete(legacyId: number): ProductRecord | undefined {
    const product = this.byLegacyId.get(legacyId);
    if (!product) return undefined;
    this.byLegacyId.delete(legacyId);
    if (this.byHandle.get(product.handle) === product) this.byHandle.delete(product.handle);
    for (const media of product.media) this.mediaByLegacyId.delete(media.legacyId);
    this.dirty = true;
    return product;
  }

  /** Re-indexes a product after its handle changed. */
  rehandle(product: ProductRecord, previousHandle: string): void {
    if (this.byHandle.get(previousHandle) === product) this.byHandle.delete(previousHandle);
    this.byHandle.set(product.handle, product);
  }

  handleTaken(handle: string, exceptLegacyId?: number): boolean {
    const owner = this.byHandle.get(handle);
    return owner !== undefined && owner.legacyId !== exceptLegacyId;
  }

  /** A free handle derived from `base`, adding "-2", "-3"... as Shopify does. */
  uniqueHandle(base: string): string {
    if (!this.byHandle.has(base)) return base;
    for (let suffix = 2; ; suffix += 1) {
      const candidate = `${base}-${suffix}`;
      if (!this.byHandle.has(candidate)) return candidate;
    }
  }
}
