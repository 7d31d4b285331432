/**
 * The pieces of product copy, each built only from cleaned facts and the phrase
 * bank of the target locale. Variation between products comes from a stable hash
 * of the title, so the same request always gets the same words.
 */
import { createHash } from "node:crypto";
import { cutAtWord, fitHtml, fitText, joinSentencesWithin, type HtmlBlock, type LengthLimits } from "./fit-length";
import { formatPrice, phraseBank, type PhraseBank } from "./phrase-banks";
import { distinct, type ProductFacts } from "./product-facts";

/** Limits a careful writer keeps to when the schema states none (Gemini's schemas never do). */
export const CONVENTIONAL_MAX_LENGTH = { seoTitle: 60, metaDescription: 155, altText: 125, summary: 160, listItem: 90, label: 70 } as const;

export class CopyWriter {
  readonly bank: PhraseBank;

  constructor(readonly facts: ProductFacts) {
    this.bank = phraseBank(facts.locale);
  }

  private variant<T>(choices: readonly T[]): T {
    const digest = createHash("sha256").update(this.facts.title).digest();
    const choice = choices[(digest[0] ?? 0) % choices.length];
    if (choice === undefined) throw new RangeError("a phrase list is empty");
    return choice;
  }

  get name(): string {
    return this.facts.title === "" ? this.bank.genericProduct : this.facts.title;
  }

  /** Vendor, unless the name already says it ("Acme Mug by Acme" reads badly). */
  private get vendor(): string {
    const { vendor } = this.facts;
    return vendor !== "" && !this.name.toLowerCase().includes(vendor.toLowerCase()) ? vendor : "";
  }

  private get price(): string | undefined {
    const { lowestPrice, locale, currency } = this.facts;
    return lowestPrice === undefined ? undefined : formatPrice(lowestPrice, locale, currency);
  }

  /** Short statements of fact, used as list items and bullets. */
  factLines(): { label?: string; text: string }[] {
    const lines: { label?: string; text: string }[] = this.facts.options.map((option) => ({ label: `${option.name}:`, text: option.values.join(", ") }));
    if (this.facts.variantCount > 1) lines.push({ text: this.bank.availableIn(this.facts.variantCount) });
    if (this.price !== undefined) lines.push({ text: this.bank.priceFrom(this.price) });
    if (this.facts.productType !== "") lines.push({ text: this.bank.category(this.facts.productType) });
    if (this.facts.vendor !== "") lines.push({ text: this.bank.brand(this.facts.vendor) });
    return lines;
  }

  private introduction(): { before: string; after: string } {
    const template = this.variant(this.bank.introductions);
    return { before: template.before, after: template.after(this.vendor) };
  }

  /** The existing description is most likely English and nothing here translates, so only English copy reuses it. */
  private sourceSentences(): string[] {
    return this.facts.locale === "en" ? this.facts.descriptionSentences.slice(0, 2) : [];
  }

  descriptionHtml(limits: LengthLimits): string {
    const intro = this.introduction();
    const blocks: HtmlBlock[] = [{ type: "paragraph", runs: [{ text: `${intro.before} ` }, { text: this.name, strong: true }, { text: intro.after }] }];
    const source = this.sourceSentences();
    if (source.length > 0) blocks.push({ type: "paragraph", runs: [{ text: source.join(" ") }] });
    const lines = this.factLines();
    if (lines.length > 0) blocks.push({ type: "list", items: lines.map((line) => (line.label === undefined ? [{ text: line.text }] : [{ text: line.label, strong: true }, { text: ` ${line.text}` }])) });
    blocks.push({ type: "paragraph", runs: [{ text: this.bank.closing }] });
    return fitHtml(blocks, limits, this.bank.padding);
  }

  descriptionText(limits: LengthLimits): string {
    const intro = this.introduction();
    const sentences = [`${intro.before} ${this.name}${intro.after}`, ...this.sourceSentences(), ...this.factLines().map(lineText).map((line) => `${line}.`), this.bank.closing];
    return fitText(joinSentencesWithin(sentences, limits.maxLength), limits, this.bank.padding);
  }

  summary(limits: LengthLimits): string {
    const intro = this.introduction();
    const max = limits.maxLength ?? CONVENTIONAL_MAX_LENGTH.summary;
    return fitText(joinSentencesWithin([`${intro.before} ${this.name}${intro.after}`, this.bank.closing], max), { ...limits, maxLength: max }, this.bank.padding);
  }

  seoTitle(limits: LengthLimits): string {
    const max = limits.maxLength ?? CONVENTIONAL_MAX_LENGTH.seoTitle;
    const candidates = [
      this.vendor === "" ? undefined : `${this.name} | ${this.vendor}`,
      this.facts.productType === "" || this.name.toLowerCase().includes(this.facts.productType.toLowerCase()) ? undefined : `${this.name} – ${this.facts.productType}`,
      this.name,
    ].filter((candidate): candidate is string => candidate !== undefined);
    const fitting = candidates.find((candidate) => candidate.length <= max) ?? cutAtWord(this.name, max);
    return fitText(fitting, { ...limits, maxLength: max }, [this.facts.vendor, this.facts.productType].filter((part) => part !== ""));
  }

  metaDescription(limits: LengthLimits): string {
    const max = limits.maxLength ?? CONVENTIONAL_MAX_LENGTH.metaDescription;
    const sentences = [this.bank.metaLead(this.name, this.vendor), ...this.factLines().slice(-4).map(lineText).map((line) => `${line}.`), this.bank.closing];
    return fitText(joinSentencesWithin(sentences, max), { ...limits, maxLength: max }, this.bank.padding);
  }

  altText(imageIndex: number, limits: LengthLimits): string {
    const max = limits.maxLength ?? CONVENTIONAL_MAX_LENGTH.altText;
    const values = this.facts.options[0]?.values ?? [];
    // With one image per option value, the images most likely show those values in order.
    const detail = values.length > 1 && values.length === this.facts.images.length ? values[imageIndex] : undefined;
    const base = this.bank.altText(this.name, this.vendor, detail);
    const text = imageIndex > 0 && detail === undefined ? `${base}, ${this.bank.view(imageIndex + 1)}` : base;
    return fitText(cutAtWord(text, max), { ...limits, maxLength: max }, [this.bank.view(imageIndex + 1)]);
  }

  bullets(): string[] {
    const lines = this.factLines().map(lineText);
    return lines.length > 0 ? lines : [this.name];
  }

  keywords(): string[] {
    return distinct([...this.facts.tags, this.facts.productType, this.facts.vendor, ...this.facts.options.flatMap((option) => option.values)]);
  }

  handle(): string {
    const slug = this.name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
    return slug === "" ? "product" : slug.slice(0, 80).replace(/-+$/, "");
  }
}

function lineText(line: { label?: string; text: string }): string {
  return line.label === undefined ? line.text : `${line.label} ${line.text}`;
}
