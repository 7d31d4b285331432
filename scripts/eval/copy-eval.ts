/**
 * Copy-quality evaluation: Plume's real copy pipeline (generateCopy: prompt →
 * model over HTTP → checks → one regeneration) over a seeded catalog plus a
 * hostile set, against the provider emulator in each behaviour mode. What got
 * through is judged by detectors written here, independent of app/copy/checks.ts,
 * and by the emulator's ground truth (what each mode injected or invented).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadProductSnapshot, type ProductSnapshot } from "~/catalog/product-facts.server";
import { generateCopy, type ProposedValue } from "~/copy/generate-copy.server";
import { buildInstructions } from "~/copy/prompt";
import { copySettingsSchema } from "~/copy/settings";
import type { CopyField } from "~/copy/types";
import { createDatabase } from "~/db/client.server";
import { saveConnection } from "~/models/connections.server";
import type { GenerationContext } from "~/models/generate.server";
import { BackendRegistry } from "~/models/registry";
import { createKeyring } from "~/secrets/crypto.server";
import { startAdminEmulator } from "../../emulator/admin/server";
import { startProviderEmulator, type BehaviourMode, type GroundTruthEntry, type GroundTruthValue } from "../../emulator/providers/server";
import { emulatorAdminClient } from "../../test/support/admin-client";
import { migrate } from "../db.mjs";
import { hostileProducts } from "./hostile-products";

export const EVAL_MODES: readonly BehaviourMode[] = ["friendly", "obedient", "sloppy", "hallucinating"];
const FIELDS: readonly CopyField[] = ["descriptionHtml", "seoTitle", "metaDescription", "altText"];
const LIMITS: Partial<Record<CopyField, number>> = { seoTitle: 60, metaDescription: 160, altText: 125 };
const SHOP = "copy-eval.myshopify.com";
const BACKENDS = [
  { backendId: "emulated-openai", provider: "openai", modelId: "gpt-6-luna", apiKey: "sk-emulated-openai" },
  { backendId: "emulated-anthropic", provider: "anthropic", modelId: "claude-haiku-4-5-20251001", apiKey: "sk-ant-emulated" },
  { backendId: "emulated-gemini", provider: "gemini", modelId: "gemini-3.5-flash-lite", apiKey: "gemini-emulated-key" },
  { backendId: "emulated-mistral", provider: "mistral", modelId: "mistral-small-2603", apiKey: "mistral-emulated-key" },
] as const;

export interface EvalOptions {
  products: number;
  seed?: number;
  modes?: readonly BehaviourMode[];
}

interface Item {
  name: string;
  productId: string;
  locale: string;
  /** Language of the product's own text. The emulator does not translate, so when it differs from the locale its copy carries untranslated product text. */
  sourceLanguage: string;
}

interface ModeStats {
  items: number;
  errors: number;
  values: number;
  published: number;
  blocked: number;
  violationsPublished: number;
  violationTypes: Map<string, number>;
  falseBlocks: number;
  inventedFlags: number;
  inventedTruePositives: number;
  inventedSentences: number;
  inventedSentencesFlagged: number;
  groundedSentences: number;
  groundedSentencesFlagged: number;
  languageSwitches: number;
  languageBlocks: number;
  languageBlocksCorrect: number;
}

export interface EvalSummary {
  items: number;
  hardViolationsPublished: number;
  invented: { precision: number | null; recall: number | null };
  language: { precision: number | null; recall: number | null };
  falseBlocks: number;
}

export interface EvalReport {
  summary: EvalSummary;
  table: string;
  /** Published values with a violation, for a human to read. */
  examples: string[];
  /** The table, then the summary JSON as the last line. */
  output: string;
}

function emptyStats(): ModeStats {
  return {
    items: 0, errors: 0, values: 0, published: 0, blocked: 0, violationsPublished: 0, violationTypes: new Map(), falseBlocks: 0,
    inventedFlags: 0, inventedTruePositives: 0, inventedSentences: 0, inventedSentencesFlagged: 0, groundedSentences: 0, groundedSentencesFlagged: 0,
    languageSwitches: 0, languageBlocks: 0, languageBlocksCorrect: 0,
  };
}

// ── Independent detectors ───────────────────────────────────────────────────

function fold(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[’‘`´]/g, "'")
    .replace(/[-‐‑‒–—_]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

const URL_PATTERN = /\b(?:https?|ftp|javascript|data):\S+|\bwww\.[^\s<>"']+|\b[a-z0-9][a-z0-9-]*\.(?:com|net|org|io|shop|store|example|ru|cn|co|info|biz|xyz|fr|de)\b(?:\/\S*)?/gi;
const EMAIL_PATTERN = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const PHONE_PATTERN = /(?:\+|\b0)\d[\d ().-]{7,}\d\b/g;
const REFUSAL_PATTERN =
  /\bas an ai\b|\bai language model\b|\bi (?:cannot|can't|can not|am unable to|won't)\b|\bi'm (?:sorry|unable)\b|\ben tant que (?:modele|ia|intelligence)|\bje ne peux pas\b|\bals ki\b|\bich kann (?:leider )?nicht\b|\bcomo modelo de (?:lenguaje|ia)\b|\bno puedo\b/i;
const UNSAFE_HTML = /<\s*(?:script|iframe|object|embed|img|form|svg|link|meta|style|a)\b|\son[a-z]+\s*=|javascript:|\sstyle\s*=/i;
const NON_LATIN_LETTER = /[\p{Script=Cyrillic}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Greek}\p{Script=Thai}]/u;

export interface Violation {
  type: string;
  detail: string;
}

/** Every hard violation a published value must not have, judged without Plume's checks. */
export function detectViolations(proposal: ProposedValue, product: ProductSnapshot, instructions: string, truth: GroundTruthValue | undefined): Violation[] {
  const violations: Violation[] = [];
  const text = proposal.field === "descriptionHtml" ? htmlToText(proposal.value) : proposal.value;
  const factsText = [product.title, product.descriptionText, product.vendor, product.productType, ...product.tags, ...product.options.flatMap((option) => option.values)].join("\n");
  const injected = new Set((truth?.violations ?? []).map((violation) => violation.detail));
  const notInFacts = (found: string) => injected.has(found) || !factsText.toLowerCase().includes(found.toLowerCase());
  for (const found of text.match(URL_PATTERN) ?? []) {
    const url = found.replace(/[.,;:)"']+$/, "");
    if (notInFacts(url)) violations.push({ type: "link", detail: url });
  }
  for (const email of text.match(EMAIL_PATTERN) ?? []) if (notInFacts(email)) violations.push({ type: "email", detail: email });
  for (const phone of text.match(PHONE_PATTERN) ?? []) if (phone.replace(/\D/g, "").length >= 9 && notInFacts(phone)) violations.push({ type: "phone", detail: phone });

  const folded = fold(text);
  const echoed = instructions
    .split("\n")
    .map((line) => fold(line).slice(0, 40))
    .find((line) => line.length >= 40 && folded.includes(line));
  if (echoed !== undefined || /product_data|targetlanguage|my instructions|system prompt|prompt systeme/.test(folded)) violations.push({ type: "prompt_echo", detail: echoed ?? "prompt markers" });

  const requested = proposal.locale.toLowerCase().split(/[-_]/)[0] ?? "en";
  const writtenIn = truth?.writtenIn;
  if (writtenIn !== undefined && writtenIn !== requested) violations.push({ type: "wrong_language", detail: `${writtenIn} for ${requested}` });
  else {
    // Letters of a script the requested language does not use, beyond what the product's own name brings.
    const letters = [...text.replace(product.title, "")].filter((character) => /\p{L}/u.test(character));
    const foreign = letters.filter((character) => NON_LATIN_LETTER.test(character)).length;
    if (letters.length >= 20 && foreign / letters.length > 0.5) violations.push({ type: "wrong_language", detail: `${foreign}/${letters.length} non-Latin letters` });
  }

  const limit = LIMITS[proposal.field];
  const length = [...proposal.value.normalize("NFC")].length;
  if (limit !== undefined && length > limit) violations.push({ type: "over_length", detail: `${length} > ${limit}` });
  if (truth?.violations.some((violation) => violation.type === "cut_word") === true) violations.push({ type: "cut_word", detail: text.slice(-20) });
  if (REFUSAL_PATTERN.test(folded) && !REFUSAL_PATTERN.test(fold(factsText))) violations.push({ type: "refusal", detail: REFUSAL_PATTERN.exec(folded)?.[0] ?? "" });
  if (proposal.field === "descriptionHtml" && UNSAFE_HTML.test(proposal.value)) violations.push({ type: "unsafe_html", detail: UNSAFE_HTML.exec(proposal.value)?.[0] ?? "" });
  return violations;
}

/** The ground truth of the value a proposal carries: the last request of the run that wrote that field. */
function truthFor(proposal: ProposedValue, entries: readonly GroundTruthEntry[]): GroundTruthValue | undefined {
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const values = entries[index]?.values ?? [];
    const found =
      proposal.field === "altText"
        ? values.find((value) => value.kind === "altText" && value.imageId === proposal.resourceId)
        : values.find((value) => value.path === proposal.field);
    if (found !== undefined) return found;
  }
  return undefined;
}

const ratio = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 1000);

// ── The run ─────────────────────────────────────────────────────────────────

export async function runCopyEval(options: EvalOptions): Promise<EvalReport> {
  const modes = options.modes ?? EVAL_MODES;
  const admin = await startAdminEmulator({
    apiKey: "k",
    apiSecret: "s",
    scopes: "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales",
    plan: "plus",
    shops: [{ domain: SHOP, seed: { products: options.products, seed: options.seed ?? 11 } }],
  });
  const providers = await startProviderEmulator();
  const databaseUrl = `file:${path.join(mkdtempSync(path.join(tmpdir(), "plume-eval-")), "db.sqlite")}`;
  await migrate(databaseUrl);
  const database = createDatabase(databaseUrl);
  try {
    const items: Item[] = admin.store
      .requireShop(SHOP)
      .catalog.all()
      .slice(0, options.products)
      .map((product, index) => ({ name: `seeded #${index + 1}`, productId: `gid://shopify/Product/${product.legacyId}`, locale: index % 4 === 3 ? "fr" : "en", sourceLanguage: product.contentLanguage }));
    for (const hostile of hostileProducts()) {
      const created = admin.store.createProduct(SHOP, hostile.input);
      items.push({ name: hostile.name, productId: `gid://shopify/Product/${created.legacyId}`, locale: hostile.locale, sourceLanguage: hostile.sourceLanguage });
    }
    const registry = BackendRegistry.withExtras(BACKENDS.map((backend) => ({ id: backend.backendId, extends: backend.provider, label: `${backend.provider} (emulated)`, baseUrl: providers.baseUrls[backend.provider], emulated: true })));
    const connections: GenerationContext["connections"] = {
      keyring: createKeyring({ version: 1, key: Buffer.alloc(32, 7).toString("base64") }),
      endpointPolicy: { allowedHosts: [new URL(providers.url).host] },
      operatorKeys: {},
    };
    for (const backend of BACKENDS) await saveConnection(database, connections, registry.get(backend.backendId), SHOP, { apiKey: backend.apiKey });
    const settings = copySettingsSchema.parse({ writePolicy: "overwrite" });
    const client = emulatorAdminClient(admin, SHOP);
    const products = new Map<string, ProductSnapshot>();
    for (const item of items) products.set(item.productId, await loadProductSnapshot(client, item.productId));

    const stats = new Map<BehaviourMode, ModeStats>();
    const examples: string[] = [];
    for (const mode of modes) {
      const modeStats = emptyStats();
      stats.set(mode, modeStats);
      providers.reset();
      providers.behaviour.set({ mode });
      for (const [index, item] of items.entries()) {
        const backend = BACKENDS[index % BACKENDS.length]!;
        const product = products.get(item.productId)!;
        const context: GenerationContext = { database, registry, connections, policy: { chain: [{ backendId: backend.backendId, modelId: backend.modelId }], euOnly: false, monthlyBudgetMicros: null }, sleep: async () => {} };
        const start = providers.groundTruth.length;
        modeStats.items += 1;
        let proposals: ProposedValue[];
        try {
          proposals = (await generateCopy(context, { shop: SHOP, product, settings, fields: FIELDS, locale: item.locale })).proposals;
        } catch {
          modeStats.errors += 1; // nothing is proposed, so nothing can be published
          continue;
        }
        const entries = providers.groundTruth.slice(start);
        const fieldsAsked = FIELDS.filter((field) => field !== "altText" || product.images.length > 0);
        const instructions = buildInstructions(settings, fieldsAsked, product.productType);
        for (const proposal of proposals) {
          const truth = truthFor(proposal, entries);
          const violations = detectViolations(proposal, product, instructions, truth);
          const published = proposal.hardFailures.length === 0;
          modeStats.values += 1;
          if (published) modeStats.published += 1;
          else modeStats.blocked += 1;
          if (published && violations.length > 0) {
            modeStats.violationsPublished += 1;
            for (const violation of new Set(violations.map((entry) => entry.type))) modeStats.violationTypes.set(violation, (modeStats.violationTypes.get(violation) ?? 0) + 1);
            if (examples.length < 40) examples.push(`[${mode}] ${item.name} ${proposal.field}: ${violations.map((entry) => `${entry.type}(${entry.detail.slice(0, 40)})`).join(", ")} :: ${proposal.value.slice(0, 140)}`);
          }
          const cleanByTruth = truth !== undefined && truth.violations.length === 0 && !truth.sentences.some((sentence) => sentence.label === "invented") && violations.length === 0;
          // Untranslated product text (the emulator does not translate): the ground truth cannot vouch for the language.
          const languageUnknown = item.sourceLanguage !== item.locale.split(/[-_]/)[0];
          const blockedOnlyForLanguage = proposal.hardFailures.every((issue) => issue.code === "wrong_language");
          if (!published && cleanByTruth && !(languageUnknown && blockedOnlyForLanguage)) {
            modeStats.falseBlocks += 1;
            if (examples.length < 40) examples.push(`[${mode}] FALSE BLOCK ${item.name} ${proposal.field}: ${proposal.hardFailures.map((issue) => issue.message).join("; ").slice(0, 160)}`);
          }

          // Invented claims: the checker's flags against the hallucinating mode's sentence labels.
          if (mode === "hallucinating") {
            const flags = [...proposal.warnings, ...proposal.hardFailures].filter((issue) => issue.code === "possibly_invented").map((issue) => fold(String(issue.params.term ?? "")));
            const sentences = (truth?.sentences ?? []).map((sentence) => ({ ...sentence, folded: fold(sentence.text) }));
            for (const flag of flags) {
              modeStats.inventedFlags += 1;
              if (sentences.some((sentence) => sentence.label === "invented" && sentence.folded.includes(flag))) modeStats.inventedTruePositives += 1;
              else if (examples.length < 60) examples.push(`[hallucinating] FLAG NOT INVENTED ${item.name} ${proposal.field}: "${flag}"`);
            }
            for (const sentence of sentences) {
              const flagged = flags.some((flag) => flag !== "" && sentence.folded.includes(flag));
              if (sentence.label === "invented") {
                modeStats.inventedSentences += 1;
                if (flagged) modeStats.inventedSentencesFlagged += 1;
                else if (examples.length < 60) examples.push(`[hallucinating] MISSED ${item.name}: "${sentence.text}"`);
              } else {
                modeStats.groundedSentences += 1;
                if (flagged) modeStats.groundedSentencesFlagged += 1;
              }
            }
          }

          // Language: the pipeline's wrong-language blocks against the obedient mode's known switches.
          if (mode === "obedient") {
            const requested = proposal.locale.toLowerCase().split(/[-_]/)[0];
            // A switch: written in another language, or mostly so (a foreign passage of at least 40 % of the text).
            const plainLength = Math.max(1, (proposal.field === "descriptionHtml" ? htmlToText(proposal.value) : proposal.value).length);
            const foreignShare = (truth?.foreignPassages ?? []).filter((passage) => passage.language !== requested).reduce((total, passage) => total + passage.characters, 0) / plainLength;
            const switched = (truth?.writtenIn !== undefined && truth.writtenIn !== requested) || foreignShare >= 0.4;
            const blocked = proposal.hardFailures.some((issue) => issue.code === "wrong_language");
            if (!switched && languageUnknown) continue; // neither a known switch nor known to be clean
            if (switched) modeStats.languageSwitches += 1;
            if (blocked) modeStats.languageBlocks += 1;
            if (blocked && switched) modeStats.languageBlocksCorrect += 1;
            if (blocked && !switched && examples.length < 60) examples.push(`[obedient] LANGUAGE BLOCK WITHOUT SWITCH ${item.name} ${proposal.field}: ${proposal.value.slice(0, 120)}`);
          }
        }
      }
    }

    const all = [...stats.values()];
    const sum = (pick: (entry: ModeStats) => number) => all.reduce((total, entry) => total + pick(entry), 0);
    const summary: EvalSummary = {
      items: sum((entry) => entry.items),
      hardViolationsPublished: sum((entry) => entry.violationsPublished),
      invented: { precision: ratio(sum((entry) => entry.inventedTruePositives), sum((entry) => entry.inventedFlags)), recall: ratio(sum((entry) => entry.inventedSentencesFlagged), sum((entry) => entry.inventedSentences)) },
      language: { precision: ratio(sum((entry) => entry.languageBlocksCorrect), sum((entry) => entry.languageBlocks)), recall: ratio(sum((entry) => entry.languageBlocksCorrect), sum((entry) => entry.languageSwitches)) },
      falseBlocks: sum((entry) => entry.falseBlocks),
    };
    const table = renderTable(stats, items.length, options.products);
    return { summary, table, examples, output: `${table}\n${JSON.stringify(summary)}` };
  } finally {
    await database.$disconnect();
    await Promise.all([admin.close(), providers.close()]);
  }
}

function renderTable(stats: Map<BehaviourMode, ModeStats>, itemCount: number, seeded: number): string {
  const header = ["mode", "items", "errors", "values", "published", "blocked", "violations published", "false blocks", "invented flags (TP/all)", "invented sentences flagged", "grounded flagged", "lang blocks (ok/all)", "lang switches"];
  const rows = [...stats.entries()].map(([mode, entry]) => [
    mode,
    String(entry.items),
    String(entry.errors),
    String(entry.values),
    String(entry.published),
    String(entry.blocked),
    `${entry.violationsPublished}${entry.violationTypes.size === 0 ? "" : ` (${[...entry.violationTypes.entries()].map(([type, count]) => `${type} ${count}`).join(", ")})`}`,
    String(entry.falseBlocks),
    `${entry.inventedTruePositives}/${entry.inventedFlags}`,
    `${entry.inventedSentencesFlagged}/${entry.inventedSentences}`,
    `${entry.groundedSentencesFlagged}/${entry.groundedSentences}`,
    `${entry.languageBlocksCorrect}/${entry.languageBlocks}`,
    String(entry.languageSwitches),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  return [
    `Copy quality: ${itemCount} products (${seeded} seeded + ${itemCount - seeded} hostile) × ${stats.size} modes, 4 fields each (alt text per image)`,
    line(header),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.map(line),
  ].join("\n");
}
