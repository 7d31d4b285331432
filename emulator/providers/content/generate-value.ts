/**
 * Walks an output schema and fills it from the product facts: every property is
 * written (required or not), enums, limits and item counts are respected, and the
 * words come from CopyWriter, so the JSON conforms and reads like product copy.
 */
import { createHash } from "node:crypto";
import { CopyWriter, CONVENTIONAL_MAX_LENGTH } from "./copy-writers";
import { fieldKind, localeOfPropertyName, type FieldKind } from "./field-kinds";
import { cutAtWord, fitText } from "./fit-length";
import { viewSchema, type JsonSchema, type SchemaView } from "./json-schema";
import { toSupportedLocale, type ProductFacts } from "./product-facts";

/** Recursive schemas stop here; real models also stop nesting eventually. */
const MAX_DEPTH = 12;

interface Position {
  name: string | undefined;
  parentName: string | undefined;
  imageIndex: number | undefined;
  depth: number;
}

export class ValueGenerator {
  private readonly writers = new Map<string, CopyWriter>();

  constructor(
    private readonly facts: ProductFacts,
    private readonly root: JsonSchema,
  ) {}

  generate(): unknown {
    return this.value(this.root, this.facts.locale, { name: undefined, parentName: undefined, imageIndex: undefined, depth: 0 });
  }

  private writer(locale: string): CopyWriter {
    const supported = toSupportedLocale(locale);
    let writer = this.writers.get(supported);
    if (writer === undefined) {
      writer = new CopyWriter({ ...this.facts, locale: supported });
      this.writers.set(supported, writer);
    }
    return writer;
  }

  private value(schema: JsonSchema, locale: string, position: Position): unknown {
    const view = viewSchema(schema, this.root);
    if (view.constValue !== undefined) return view.constValue.value;
    if (view.enumValues !== undefined && view.enumValues.length > 0) return this.enumValue(view, locale);
    if (position.depth > MAX_DEPTH) return view.nullable ? null : emptyOf(view);
    switch (view.type) {
      case "null":
        return null;
      case "string":
        return this.string(view, locale, position);
      case "number":
      case "integer":
        return this.number(view, position);
      case "boolean":
        return booleanFor(position.name);
      case "array":
        return this.array(view, locale, position);
      case "object":
        return this.object(view, locale, position);
    }
  }

  /** Prefers the value that matches a fact (the locale asked for, the product type), else the first. */
  private enumValue(view: SchemaView, locale: string): unknown {
    const values = view.enumValues?.filter((value) => value !== null) ?? [];
    const facts = [locale, this.facts.requestedLocale, this.facts.productType].map((fact) => fact.toLowerCase());
    const chosen = values.find((value) => typeof value === "string" && facts.includes(value.toLowerCase())) ?? values[0] ?? null;
    // Gemini's OpenAPI schema lists numeric enums as strings.
    return (view.type === "number" || view.type === "integer") && typeof chosen === "string" ? Number(chosen) : chosen;
  }

  private string(view: SchemaView, locale: string, position: Position): string {
    const writer = this.writer(locale);
    const limits = { minLength: view.minLength, maxLength: view.maxLength };
    const kind = fieldKind(position.name, position.parentName);
    const formatted = formattedString(view.format, writer);
    if (formatted !== undefined) return formatted;
    const text = this.textFor(kind, writer, position, limits);
    return fitText(text, limits, writer.bank.padding);
  }

  private textFor(kind: FieldKind, writer: CopyWriter, position: Position, limits: { minLength: number | undefined; maxLength: number | undefined }): string {
    const imageIndex = position.imageIndex ?? 0;
    switch (kind) {
      case "descriptionHtml":
        return writer.descriptionHtml(limits);
      case "descriptionText":
        return writer.descriptionText(limits);
      case "seoTitle":
        return writer.seoTitle(limits);
      case "metaDescription":
        return writer.metaDescription(limits);
      case "altText":
        return writer.altText(imageIndex, limits);
      case "imageId":
        return this.imageAt(imageIndex)?.id ?? "";
      case "title":
        return cutAtWord(writer.name, limits.maxLength ?? 255);
      case "locale":
        return this.facts.requestedLocale;
      case "handle":
        return writer.handle();
      case "vendor":
        return this.facts.vendor === "" ? writer.name : this.facts.vendor;
      case "productType":
        return this.facts.productType === "" ? writer.name : this.facts.productType;
      case "reasoning":
        return writer.bank.reasoning;
      case "keywords":
        return writer.keywords().join(", ");
      case "bullets":
        return writer.bullets().join("; ");
      case "issues":
      case "summary":
      case "generic":
        return writer.summary(limits);
    }
  }

  private imageAt(index: number): ProductFacts["images"][number] | undefined {
    const { images } = this.facts;
    return images.length === 0 ? undefined : images[index % images.length];
  }

  private number(view: SchemaView, position: Position): number {
    const integer = view.type === "integer";
    const step = view.multipleOf ?? (integer ? 1 : 0.01);
    const lower = view.minimum ?? (view.exclusiveMinimum === undefined ? undefined : view.exclusiveMinimum + step);
    const upper = view.maximum ?? (view.exclusiveMaximum === undefined ? undefined : view.exclusiveMaximum - step);
    const name = (position.name ?? "").toLowerCase();
    let preferred = 1;
    if (/confidence|score|probability|quality|rating/.test(name)) preferred = upper !== undefined && upper > 1 ? upper * 0.9 : 0.9;
    else if (/price|amount/.test(name) && this.facts.lowestPrice !== undefined) preferred = this.facts.lowestPrice;
    else if (/image|media|photo/.test(name)) preferred = this.facts.images.length;
    else if (/variant/.test(name)) preferred = this.facts.variantCount;
    let value = Math.min(upper ?? Number.POSITIVE_INFINITY, Math.max(lower ?? Number.NEGATIVE_INFINITY, preferred));
    if (view.multipleOf !== undefined) value = Math.round(value / view.multipleOf) * view.multipleOf;
    if (integer) value = Math.round(value);
    if (lower !== undefined && value < lower) value = integer ? Math.ceil(lower) : lower;
    if (upper !== undefined && value > upper) value = integer ? Math.floor(upper) : upper;
    return Number(value.toFixed(6));
  }

  private array(view: SchemaView, locale: string, position: Position): unknown[] {
    const itemSchema: JsonSchema = view.items ?? view.prefixItems[0] ?? { type: "string" };
    const itemView = viewSchema(itemSchema, this.root);
    const kind = fieldKind(position.name, position.parentName);
    const child = (imageIndex: number | undefined): Position => ({ name: position.name, parentName: position.parentName, imageIndex, depth: position.depth + 1 });
    const clamp = (count: number) => Math.min(view.maxItems ?? Number.POSITIVE_INFINITY, Math.max(view.minItems ?? 0, count));

    const describesImages =
      kind === "altText" ||
      (itemView.type === "object" && itemView.properties.some(([property]) => ["altText", "imageId"].includes(fieldKind(property, position.name))));
    if (describesImages) {
      return Array.from({ length: clamp(this.facts.images.length) }, (_, index) => this.value(itemSchema, locale, child(index)));
    }
    if (itemView.type !== "string" || itemView.enumValues !== undefined) {
      const count = clamp(kind === "issues" ? 0 : 1);
      return Array.from({ length: count }, (_, index) => this.value(itemSchema, locale, child(index)));
    }
    const writer = this.writer(locale);
    const pool = kind === "keywords" ? writer.keywords() : kind === "issues" ? [] : writer.bullets();
    // Five is what SEO guides suggest for both; schemas without limits (Gemini's) get that many.
    const defaultCount = kind === "issues" ? 0 : Math.min(pool.length, 5);
    const count = clamp(defaultCount);
    const maxLength = itemView.maxLength ?? (kind === "keywords" ? CONVENTIONAL_MAX_LENGTH.label : CONVENTIONAL_MAX_LENGTH.listItem);
    const extras = [...writer.keywords(), writer.name, ...writer.bank.padding];
    const items: string[] = [];
    for (const candidate of [...pool, ...extras]) {
      if (items.length >= count) break;
      const item = fitText(candidate, { minLength: itemView.minLength, maxLength }, writer.bank.padding);
      if (item !== "" && !items.includes(item)) items.push(item);
    }
    for (let extra = items.length + 1; items.length < count; extra += 1) items.push(cutAtWord(`${writer.name} ${extra}`, maxLength));
    return items;
  }

  private object(view: SchemaView, locale: string, position: Position): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    // A referenced definition's name says what the object is, even under a property named "fr".
    const parentName = [position.name, view.referenceName].filter((part) => part !== undefined).join(" ");
    for (const [property, schema] of view.properties) {
      const propertyLocale = localeOfPropertyName(property) ?? locale;
      result[property] = this.value(schema, propertyLocale, { name: property, parentName, imageIndex: position.imageIndex, depth: position.depth + 1 });
    }
    if (view.properties.length > 0 || view.additionalProperties === undefined) return result;
    return this.record(view, view.additionalProperties, locale, position);
  }

  /** An open object: keyed by image id for alt texts, by locale for translations, else as small as allowed. */
  private record(view: SchemaView, valueSchema: JsonSchema, locale: string, position: Position): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const kind = fieldKind(position.name, position.parentName);
    const valueKind = fieldKind(position.name, undefined);
    const child = (imageIndex: number | undefined): Position => ({ name: position.name, parentName: position.parentName, imageIndex, depth: position.depth + 1 });
    if (kind === "altText" || valueKind === "altText" || /image|media/.test((position.name ?? "").toLowerCase())) {
      this.facts.images.forEach((image, index) => {
        result[image.id] = this.value(valueSchema, locale, child(index));
      });
    } else if (/translation|locale|language/.test((position.name ?? "").toLowerCase())) {
      result[this.facts.requestedLocale] = this.value(valueSchema, this.facts.requestedLocale, child(undefined));
    }
    for (let index = Object.keys(result).length; index < (view.minProperties ?? 0); index += 1) {
      result[`item${index + 1}`] = this.value(valueSchema, locale, child(undefined));
    }
    return result;
  }
}

function emptyOf(view: SchemaView): unknown {
  switch (view.type) {
    case "array":
      return [];
    case "object":
      return {};
    case "string":
      return "";
    case "boolean":
      return false;
    case "null":
      return null;
    default:
      return view.minimum ?? 0;
  }
}

const NEGATIVE_FLAG_WORDS = new Set(["unsafe", "injection", "error", "errors", "warning", "warnings", "contains", "needs", "requires", "blocked", "truncated", "harmful", "flagged", "refused"]);
const POSITIVE_FLAG_WORDS = new Set(["safe", "valid", "ok", "complete", "completed", "success", "approved", "compliant", "appropriate", "translated", "ready", "available", "published", "active"]);

/** Positive-sounding flags are true ("isSafe", "complete"), warnings false ("containsHtml", "needsReview"); words, not substrings ("token" is not "ok"). */
function booleanFor(name: string | undefined): boolean {
  const words = (name ?? "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  if (words.some((word) => NEGATIVE_FLAG_WORDS.has(word))) return false;
  return words.some((word) => POSITIVE_FLAG_WORDS.has(word));
}

function formattedString(format: string | undefined, writer: CopyWriter): string | undefined {
  const digest = createHash("sha256").update(writer.name).digest("hex");
  switch (format) {
    case "date-time":
      return "2026-01-01T00:00:00Z";
    case "date":
      return "2026-01-01";
    case "time":
      return "00:00:00";
    case "email":
      return "support@example.com";
    case "uri":
    case "url":
      return `https://example.com/products/${writer.handle()}`;
    case "uuid":
      return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-4${digest.slice(13, 16)}-8${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
    default:
      return undefined;
  }
}
