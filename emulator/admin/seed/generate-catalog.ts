/**
 * Deterministic catalog generator: the same (seed, shopDomain, products) always
 * yields the same catalog. Each product draws from its own PRNG streams (seed
 * mixed with its index), so generation is one pass with no shared state beyond
 * the id allocator and the handle registry, and a product's description and
 * variants can be regenerated lazily from the same streams when first read.
 */
import { z } from "zod";
import { foldAccents } from "../text-folding";
import { IdAllocator } from "../store/id-allocator";
import {
  MediaImageRecord,
  MetafieldRecord,
  ProductOptionRecord,
  ProductRecord,
  VariantRecord,
  type ContentLanguage,
  type LazyProductDetails,
  type ProductStatus,
  type SelectedOptionRecord,
} from "../store/records";
import { buildDescriptionHtml, chooseDescriptionStyle } from "./description-html";
import { mixSeed, Random } from "./random";
import { ALT_TEMPLATES, IMAGE_SIZES, SENTENCES, VERTICAL_NAMES, VERTICALS, type VerticalVocabulary } from "./vocabulary";

export const generateCatalogOptionsSchema = z.object({
  products: z.number().int().min(0).max(1_000_000),
  seed: z.number().int(),
  shopDomain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/),
});
export type GenerateCatalogOptions = z.infer<typeof generateCatalogOptionsSchema>;

export interface Catalog {
  readonly shopDomain: string;
  readonly products: ProductRecord[];
  /** Continues the id sequence for products created after seeding. */
  readonly ids: IdAllocator;
}

/** Seeded timestamps span 2019-01-01 .. 2025-12-31 so date filters have something to cut. */
const EPOCH_START = Date.UTC(2019, 0, 1);
const EPOCH_SPAN = Date.UTC(2025, 11, 31) - EPOCH_START;
const ONE_YEAR = 365 * 24 * 3600 * 1000;
const MAX_VARIANTS = 12;

const CARE_LINES: Readonly<Record<"fr" | "de", { careLabel: string; careNote: string }>> = {
  fr: { careLabel: "Entretien :", careNote: "voir l'étiquette." },
  de: { careLabel: "Pflegehinweis:", careNote: "siehe Etikett." },
};

/** Salts that separate a product's independent random streams. */
const DESCRIPTION_STREAM = 0x5eed_d35c;
const VARIANT_STREAM = 0x5eed_ba21;

export function slugify(text: string): string {
  return foldAccents(text)
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Shares equal strings and arrays between products; most seeded values repeat. */
class Interner {
  private readonly strings = new Map<string, string>();
  private readonly optionSets = new Map<string, readonly SelectedOptionRecord[]>();
  private readonly valueLists = new Map<string, readonly string[]>();

  string(value: string): string {
    const existing = this.strings.get(value);
    if (existing !== undefined) return existing;
    this.strings.set(value, value);
    return value;
  }

  selectedOptions(options: readonly SelectedOptionRecord[]): readonly SelectedOptionRecord[] {
    const key = options.map((option) => `${option.name}\u0000${option.value}`).join("\u0001");
    const existing = this.optionSets.get(key);
    if (existing) return existing;
    this.optionSets.set(key, options);
    return options;
  }

  values(values: readonly string[]): readonly string[] {
    const key = values.join("\u0001");
    const existing = this.valueLists.get(key);
    if (existing) return existing;
    this.valueLists.set(key, values);
    return values;
  }
}

function chooseLanguage(random: Random): ContentLanguage {
  const roll = random.next();
  if (roll < 0.08) return "fr";
  if (roll < 0.14) return "de";
  return "en";
}

function chooseStatus(random: Random): ProductStatus {
  const roll = random.next();
  if (roll < 0.8) return "ACTIVE";
  if (roll < 0.95) return "DRAFT";
  return "ARCHIVED";
}

function fill(template: string, slots: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_whole, name: string) => slots[name] ?? "");
}

/** Everything needed to regenerate a seeded product's description and variants. */
class SeededDetails implements LazyProductDetails {
  constructor(
    private readonly seed: number,
    private readonly index: number,
    private readonly interner: Interner,
    private readonly vertical: VerticalVocabulary,
    private readonly language: ContentLanguage,
    private readonly noun: string,
    private readonly material: string,
    private readonly vendor: string,
    private readonly productLegacyId: number,
    private readonly options: readonly ProductOptionRecord[],
    private readonly firstVariantLegacyId: number,
    private readonly variantCount: number,
    private readonly createdAt: number,
    private readonly updatedAt: number,
  ) {}

  descriptionHtml(): string {
    const random = new Random(mixSeed(this.seed ^ DESCRIPTION_STREAM, this.index));
    const style = chooseDescriptionStyle(random);
    // German capitalises nouns; English and French lower-case them mid-sentence.
    const noun = this.language === "de" ? this.noun : this.noun.toLowerCase();
    const slots = { noun, material: this.material, vendor: this.vendor, benefit: random.pick(this.vertical.benefits) };
    const sentences = random.sample(SENTENCES[this.language], random.integer(1, 3)).map((template) => fill(template, slots));
    // Benefit bullets and care notes are English copy; other languages get their own care line.
    const bullets = this.language === "en" ? random.sample(this.vertical.benefits, random.integer(0, 3)) : [];
    const care = this.language === "en" ? { careLabel: "Care:", careNote: random.pick(this.vertical.careNotes) } : CARE_LINES[this.language];
    return buildDescriptionHtml(style, { sentences, bullets, ...care }, random);
  }

  variants(): VariantRecord[] {
    const random = new Random(mixSeed(this.seed ^ VARIANT_STREAM, this.index));
    const basePrice = random.integer(this.vertical.priceRange[0], this.vertical.priceRange[1]);
    const onSale = random.chance(0.15);
    const combinations = optionCombinations(this.options, this.variantCount);
    return combinations.map((combination, position) => {
      const price = basePrice + (random.chance(0.2) ? 5 : 0) - 0.01;
      return new VariantRecord(
        this.firstVariantLegacyId + position,
        this.productLegacyId,
        position + 1,
        this.interner.selectedOptions(combination),
        random.chance(0.9) ? `${this.vertical.skuPrefix}-${String(this.index).padStart(6, "0")}-${position + 1}` : null,
        price.toFixed(2),
        onSale ? (price * 1.25).toFixed(2) : null,
        random.integer(0, 250),
        random.chance(0.5) ? String(random.integer(100_000_000_000, 999_999_999_999)) : null,
        this.createdAt,
        this.updatedAt,
      );
    });
  }
}

function optionCombinations(options: readonly ProductOptionRecord[], limit: number): SelectedOptionRecord[][] {
  let combinations: SelectedOptionRecord[][] = [[]];
  for (const option of options) {
    const next: SelectedOptionRecord[][] = [];
    for (const prefix of combinations) for (const value of option.values) next.push([...prefix, { name: option.name, value }]);
    combinations = next;
  }
  return combinations.slice(0, limit);
}

function combinationCount(options: readonly ProductOptionRecord[]): number {
  return options.reduce((count, option) => count * option.values.length, 1);
}

class CatalogBuilder {
  private readonly handles = new Map<string, number>();
  private readonly interner = new Interner();

  constructor(
    private readonly seed: number,
    readonly ids: IdAllocator,
  ) {}

  private uniqueHandle(title: string): string {
    const base = slugify(title) || "product";
    const seen = this.handles.get(base) ?? 0;
    this.handles.set(base, seen + 1);
    return seen === 0 ? base : `${base}-${seen + 1}`;
  }

  build(index: number): ProductRecord {
    const random = new Random(mixSeed(this.seed, index));
    const vertical = VERTICALS[random.pick(VERTICAL_NAMES)];
    const language = chooseLanguage(random);
    const words = vertical.words[language];
    const vendor = random.pick(vertical.vendors);
    const noun = random.pick(words.nouns);
    const adjective = random.pick(words.adjectives);
    const material = random.pick(words.materials);
    const title = this.interner.string(composeTitle(language, adjective, noun, random.chance(0.35) ? material : null));

    const legacyId = this.ids.allocate("product");
    const createdAt = EPOCH_START + Math.floor(random.next() * EPOCH_SPAN);
    const updatedAt = createdAt + Math.floor(random.next() * Math.min(ONE_YEAR, EPOCH_START + EPOCH_SPAN - createdAt));
    const status = chooseStatus(random);
    const options = this.buildOptions(random, vertical);
    const variantCount = Math.min(MAX_VARIANTS, combinationCount(options));
    const firstVariantLegacyId = this.ids.allocate("variant");
    for (let extra = 1; extra < variantCount; extra += 1) this.ids.allocate("variant");
    const hasSeo = random.chance(0.4);

    return new ProductRecord({
      legacyId,
      title,
      handle: this.uniqueHandle(title),
      vendor,
      productType: vertical.productType,
      status,
      tags: random.sample(vertical.tags, random.integer(0, 4)),
      createdAt,
      updatedAt,
      publishedAt: status === "ACTIVE" ? createdAt : null,
      seo: {
        title: hasSeo ? this.interner.string(`${title} | ${vendor}`) : null,
        description: hasSeo ? this.interner.string(`Shop the ${title.toLowerCase()} by ${vendor}.`) : null,
      },
      options,
      media: this.buildMedia(random, legacyId, noun, vendor, options, createdAt),
      metafields: this.buildMetafields(random, material, createdAt),
      category: random.chance(0.7) ? random.pick(vertical.categories) : null,
      contentLanguage: language,
      lazy: new SeededDetails(this.seed, index, this.interner, vertical, language, noun, material, vendor, legacyId, options, firstVariantLegacyId, variantCount, createdAt, updatedAt),
    });
  }

  private buildOptions(random: Random, vertical: VerticalVocabulary): ProductOptionRecord[] {
    if (random.chance(0.2)) {
      // Shopify models a product without options as one "Title" option with "Default Title".
      return [new ProductOptionRecord(this.ids.allocate("option"), "Title", 1, this.interner.values(["Default Title"]))];
    }
    const definitions = random.chance(0.5) ? vertical.options.slice(0, 1) : vertical.options;
    return definitions.map(
      (definition, position) =>
        new ProductOptionRecord(
          this.ids.allocate("option"),
          definition.name,
          position + 1,
          this.interner.values(random.sample(definition.values, random.integer(1, Math.min(4, definition.values.length)))),
        ),
    );
  }

  private buildMedia(random: Random, productLegacyId: number, noun: string, vendor: string, options: readonly ProductOptionRecord[], createdAt: number): MediaImageRecord[] {
    const count = random.chance(0.1) ? 0 : random.integer(1, 5);
    const colours = options.find((option) => option.name === "Color")?.values ?? ["Natural"];
    const images: MediaImageRecord[] = [];
    for (let position = 0; position < count; position += 1) {
      const [width, height] = random.pick(IMAGE_SIZES);
      // Most merchants never fill in alt text; a few leave an empty string.
      const altRoll = random.next();
      const alt =
        altRoll < 0.3
          ? this.interner.string(capitalise(fill(random.pick(ALT_TEMPLATES), { noun: noun.toLowerCase(), vendor, color: random.pick(colours) })))
          : altRoll < 0.38
            ? ""
            : null;
      const fileName = this.interner.string(`${slugify(noun)}-${position + 1}.jpg`);
      images.push(new MediaImageRecord(this.ids.allocate("media"), productLegacyId, alt, fileName, width, height, createdAt, createdAt));
    }
    return images;
  }

  private buildMetafields(random: Random, material: string, createdAt: number): MetafieldRecord[] {
    const metafields: MetafieldRecord[] = [];
    const add = (namespace: string, key: string, type: string, value: string): void => {
      metafields.push(new MetafieldRecord(this.ids.allocate("metafield"), namespace, key, type, value, createdAt, createdAt));
    };
    if (random.chance(0.3)) add("custom", "material", "single_line_text_field", material);
    if (random.chance(0.15)) add("custom", "care_guide", "multi_line_text_field", "Wash gently.\nDry flat.");
    if (random.chance(0.1)) {
      const rating = (random.integer(30, 50) / 10).toFixed(1);
      add("reviews", "rating", "rating", JSON.stringify({ value: rating, scale_min: "1.0", scale_max: "5.0" }));
    }
    return metafields;
  }
}

/** Word order per language: "Organic T-Shirt", "T-shirt bio", "Bio-T-Shirt". */
function composeTitle(language: ContentLanguage, adjective: string, noun: string, material: string | null): string {
  switch (language) {
    case "en":
      return material ? `${adjective} ${noun} in ${material}` : `${adjective} ${noun}`;
    case "fr":
      return material ? `${noun} ${adjective} en ${material}` : `${noun} ${adjective}`;
    case "de":
      return material ? `${adjective}-${noun} aus ${material}` : `${adjective}-${noun}`;
  }
}

function capitalise(text: string): string {
  return text.length === 0 ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

export function generateCatalog(options: GenerateCatalogOptions): Catalog {
  const parsed = generateCatalogOptionsSchema.parse(options);
  const builder = new CatalogBuilder(parsed.seed, new IdAllocator(parsed.shopDomain));
  const products = new Array<ProductRecord>(parsed.products);
  for (let index = 0; index < parsed.products; index += 1) products[index] = builder.build(index);
  return { shopDomain: parsed.shopDomain, products, ids: builder.ids };
}
