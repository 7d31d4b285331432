/**
 * Everything the emulator knows about one shop: settings, locales, catalog,
 * translations, bulk operations and its throttle bucket.
 */
import { generateCatalog } from "../seed/generate-catalog";
import { LeakyBucket, type Plan } from "../throttle";
import { VariantCreationLimit } from "../variant-throttle";
import { BulkOperationStore } from "./bulk-operations";
import { IdAllocator, shopSlot } from "./id-allocator";
import { ProductCatalog } from "./product-catalog";
import { TranslationStore } from "./translations";

export interface ShopLocaleRecord {
  readonly locale: string;
  readonly name: string;
  readonly primary: boolean;
  readonly published: boolean;
}

/** English primary, French and German published: the languages Plume's seed copy is written in. */
export const DEFAULT_SHOP_LOCALES: readonly ShopLocaleRecord[] = [
  { locale: "en", name: "English", primary: true, published: true },
  { locale: "fr", name: "French", primary: false, published: true },
  { locale: "de", name: "German", primary: false, published: true },
];

export interface ShopStateInit {
  readonly domain: string;
  readonly name?: string | undefined;
  readonly currency?: string | undefined;
  readonly plan: Plan;
  readonly seed?: { readonly products: number; readonly seed: number } | undefined;
  /** The shop's variant total, standing in for a catalog too big to generate (default: the catalog's count). */
  readonly variants?: number | undefined;
  readonly now: () => number;
}

function titleFromDomain(domain: string): string {
  const handle = domain.replace(/\.myshopify\.com$/, "");
  return handle
    .split("-")
    .filter((word) => word !== "")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}

export class ShopState {
  readonly domain: string;
  readonly name: string;
  readonly currency: string;
  readonly legacyId: number;
  readonly email: string;
  readonly ianaTimezone = "America/New_York";
  readonly createdAt: number;
  readonly locales: readonly ShopLocaleRecord[] = DEFAULT_SHOP_LOCALES;
  readonly catalog: ProductCatalog;
  readonly translations = new TranslationStore();
  readonly bulk = new BulkOperationStore();
  readonly bucket: LeakyBucket;
  readonly variantCreation: VariantCreationLimit;
  /** Set from options (`variants`): the shop's variant total without generating that many. */
  private variantTotalOverride: number | null;
  /** False after an app/uninstalled: Shopify then rejects the app's tokens. */
  installed = true;

  constructor(init: ShopStateInit) {
    this.domain = init.domain;
    this.name = init.name ?? titleFromDomain(init.domain);
    this.currency = init.currency ?? "USD";
    this.legacyId = 60_000_000_000 + shopSlot(init.domain);
    this.email = `owner@${init.domain.replace(/\.myshopify\.com$/, "")}.example`;
    this.createdAt = Date.UTC(2018, 5, 1);
    this.bucket = new LeakyBucket(init.plan, init.now);
    this.variantCreation = new VariantCreationLimit(init.now);
    this.variantTotalOverride = init.variants ?? null;
    if (init.seed) {
      const catalog = generateCatalog({ products: init.seed.products, seed: init.seed.seed, shopDomain: init.domain });
      this.catalog = new ProductCatalog(catalog.products, catalog.ids);
    } else {
      this.catalog = new ProductCatalog([], new IdAllocator(init.domain));
    }
  }

  get plan(): Plan {
    return this.bucket.plan;
  }

  /** Total product variants: the configured figure plus what was created since, or the catalog's count. */
  get variantTotal(): number {
    if (this.variantTotalOverride !== null) return this.variantTotalOverride;
    return this.catalog.all().reduce((total, product) => total + product.variants.length, 0);
  }

  /** Keeps a configured total in step with variants created through the API. */
  addVariants(count: number): void {
    if (this.variantTotalOverride !== null) this.variantTotalOverride += count;
  }

  get primaryLocale(): string {
    return this.locales.find((locale) => locale.primary)?.locale ?? "en";
  }

  get id(): string {
    return `gid://shopify/Shop/${this.legacyId}`;
  }
}
