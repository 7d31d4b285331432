/**
 * The emulator's in-memory catalog records. They mirror the parts of Shopify's
 * product model that Plume reads and writes; GraphQL resolvers and webhook
 * payload builders both project from these, so there is one source of truth.
 *
 * Records are classes with getters for derived strings (global ids, image URLs,
 * variant titles) because a 100k-product catalog would otherwise spend most of
 * its memory and seeding time on strings nobody reads. Seeded products keep
 * their description and variants lazy (regenerated deterministically on read)
 * until something writes them.
 *
 * Timestamps are epoch milliseconds so sorting and `updated_at:>` filters
 * compare numbers, not strings.
 */

export type ProductStatus = "ACTIVE" | "DRAFT" | "ARCHIVED" | "UNLISTED";

/** The language a seeded product's copy is written in (Shopify itself does not know this). */
export type ContentLanguage = "en" | "fr" | "de";

/** Shopify global ids: `gid://shopify/<Type>/<number>`. */
export function globalId(typeName: string, legacyId: number): string {
  return `gid://shopify/${typeName}/${legacyId}`;
}

export interface ParsedGlobalId {
  readonly typeName: string;
  readonly legacyId: number;
}

export function parseGlobalId(value: string): ParsedGlobalId | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/.exec(value);
  if (!match || match[1] === undefined || match[2] === undefined) return null;
  const legacyId = Number(match[2]);
  if (!Number.isSafeInteger(legacyId)) return null;
  return { typeName: match[1], legacyId };
}

export class MediaImageRecord {
  constructor(
    readonly legacyId: number,
    readonly productLegacyId: number,
    public alt: string | null,
    /** File name on the CDN; shared between products, so it costs nothing per image. */
    readonly fileName: string,
    readonly width: number,
    readonly height: number,
    readonly createdAt: number,
    public updatedAt: number,
  ) {}

  get __typename(): "MediaImage" {
    return "MediaImage";
  }

  get id(): string {
    return globalId("MediaImage", this.legacyId);
  }

  get url(): string {
    const shopPath = String(Math.floor(this.legacyId / 100_000_000) % 10_000).padStart(4, "0");
    return `https://cdn.shopify.com/s/files/1/${shopPath}/${String(this.productLegacyId % 10_000).padStart(4, "0")}/files/${this.fileName}?v=${Math.floor(this.createdAt / 1000)}`;
  }

  get mimeType(): string {
    return "image/jpeg";
  }
}

export interface SelectedOptionRecord {
  readonly name: string;
  readonly value: string;
}

export class VariantRecord {
  constructor(
    readonly legacyId: number,
    readonly productLegacyId: number,
    public position: number,
    public selectedOptions: readonly SelectedOptionRecord[],
    public sku: string | null,
    /** Money as Shopify serialises it: a decimal string. */
    public price: string,
    public compareAtPrice: string | null,
    public inventoryQuantity: number,
    public barcode: string | null,
    readonly createdAt: number,
    public updatedAt: number,
  ) {}

  get __typename(): "ProductVariant" {
    return "ProductVariant";
  }

  get id(): string {
    return globalId("ProductVariant", this.legacyId);
  }

  get title(): string {
    return this.selectedOptions.map((option) => option.value).join(" / ");
  }

  get taxable(): boolean {
    return true;
  }
}

const COLOUR_OPTION = /^(colou?r|couleur|farbe)$/i;

/**
 * The images a variant uses. The seed stores no variant↔image link, so it is
 * derived deterministically the way merchants usually lay a product out: one
 * image per colour, in the Color option's order — a variant whose colour is the
 * option's n-th value uses the product's n-th image (none when there is no such
 * image, and none for products without a colour option).
 */
export function variantMedia(product: { readonly options: readonly ProductOptionRecord[]; readonly media: readonly MediaImageRecord[] }, variant: VariantRecord): MediaImageRecord[] {
  const colourOption = product.options.find((option) => COLOUR_OPTION.test(option.name));
  if (!colourOption) return [];
  const colour = variant.selectedOptions.find((selected) => selected.name === colourOption.name)?.value;
  const index = colour === undefined ? -1 : colourOption.values.indexOf(colour);
  const image = index >= 0 ? product.media[index] : undefined;
  return image ? [image] : [];
}

export class ProductOptionRecord {
  constructor(
    readonly legacyId: number,
    public name: string,
    public position: number,
    public values: readonly string[],
  ) {}

  get id(): string {
    return globalId("ProductOption", this.legacyId);
  }
}

export class MetafieldRecord {
  constructor(
    readonly legacyId: number,
    readonly namespace: string,
    readonly key: string,
    public type: string,
    public value: string,
    readonly createdAt: number,
    public updatedAt: number,
  ) {}

  get id(): string {
    return globalId("Metafield", this.legacyId);
  }
}

export interface TaxonomyCategoryRecord {
  readonly id: string;
  readonly name: string;
  readonly fullName: string;
}

export interface SeoRecord {
  title: string | null;
  description: string | null;
}

/** Deterministic regeneration of a seeded product's heavy parts. */
export interface LazyProductDetails {
  descriptionHtml(): string;
  variants(): VariantRecord[];
}

export interface ProductInit {
  readonly legacyId: number;
  readonly title: string;
  readonly handle: string;
  readonly vendor: string;
  readonly productType: string;
  readonly status: ProductStatus;
  readonly tags: readonly string[];
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly publishedAt: number | null;
  readonly seo: SeoRecord;
  readonly options: ProductOptionRecord[];
  readonly media: MediaImageRecord[];
  readonly metafields: MetafieldRecord[];
  readonly category: TaxonomyCategoryRecord | null;
  readonly contentLanguage: ContentLanguage;
  /** Either concrete values or a lazy source; concrete values win. */
  readonly descriptionHtml?: string;
  readonly variants?: VariantRecord[];
  readonly lazy?: LazyProductDetails;
}

export class ProductRecord {
  readonly legacyId: number;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  status: ProductStatus;
  tags: readonly string[];
  readonly createdAt: number;
  updatedAt: number;
  publishedAt: number | null;
  seo: SeoRecord;
  options: ProductOptionRecord[];
  media: MediaImageRecord[];
  metafields: MetafieldRecord[];
  category: TaxonomyCategoryRecord | null;
  templateSuffix: string | null = null;
  readonly contentLanguage: ContentLanguage;
  private descriptionOverride: string | null;
  private variantsOverride: VariantRecord[] | null;
  private readonly lazy: LazyProductDetails | null;

  constructor(init: ProductInit) {
    this.legacyId = init.legacyId;
    this.title = init.title;
    this.handle = init.handle;
    this.vendor = init.vendor;
    this.productType = init.productType;
    this.status = init.status;
    this.tags = init.tags;
    this.createdAt = init.createdAt;
    this.updatedAt = init.updatedAt;
    this.publishedAt = init.publishedAt;
    this.seo = init.seo;
    this.options = init.options;
    this.media = init.media;
    this.metafields = init.metafields;
    this.category = init.category;
    this.contentLanguage = init.contentLanguage;
    this.descriptionOverride = init.descriptionHtml ?? null;
    this.variantsOverride = init.variants ?? null;
    this.lazy = init.lazy ?? null;
  }

  get __typename(): "Product" {
    return "Product";
  }

  get id(): string {
    return globalId("Product", this.legacyId);
  }

  get descriptionHtml(): string {
    return this.descriptionOverride ?? this.lazy?.descriptionHtml() ?? "";
  }

  set descriptionHtml(value: string) {
    this.descriptionOverride = value;
  }

  /** Seeded variants are regenerated on each read until written; callers must not mutate the array. */
  get variants(): readonly VariantRecord[] {
    return this.variantsOverride ?? this.lazy?.variants() ?? [];
  }

  set variants(value: readonly VariantRecord[]) {
    this.variantsOverride = [...value];
  }

  /** Materialises lazy variants so that later writes to them stick. */
  pinVariants(): VariantRecord[] {
    if (this.variantsOverride === null) this.variantsOverride = this.lazy?.variants() ?? [];
    return this.variantsOverride;
  }
}
