import { z } from "zod";
import type { Database } from "~/db/client.server";
import { DEFAULT_TEMPLATES } from "~/templates/defaults";

/**
 * A shop's copy policy. Stored as one JSON document (CopySettings.settings)
 * and always read through this schema, so an old or hand-edited row still
 * yields complete, valid settings.
 */
import { META_DESCRIPTION_LIMIT, SEO_TITLE_LIMIT } from "./limits";
import { COPY_FIELDS, type CopyField } from "./types";
import { isUniqueViolation } from "~/db/errors";

export { COPY_FIELDS, type CopyField };

export const TONE_PRESETS = ["friendly", "premium", "playful", "technical", "minimal"] as const;

const templateSetSchema = z.object({
  descriptionHtml: z.string().max(5000),
  seoTitle: z.string().max(500),
  metaDescription: z.string().max(1000),
  altText: z.string().max(500),
});

export const copySettingsSchema = z.object({
  tone: z.enum(TONE_PRESETS).default("friendly"),
  brandVoice: z.string().max(2000).default(""),
  exampleCopy: z.string().max(4000).default(""),
  keywords: z.array(z.string().trim().min(1).max(80)).max(30).default([]),
  bannedWords: z.array(z.string().trim().min(1).max(80)).max(100).default([]),
  fields: z.array(z.enum(COPY_FIELDS)).min(1).default([...COPY_FIELDS]),
  /** fill blanks only (never overwrite existing copy) or overwrite */
  writePolicy: z.enum(["fill_blanks", "overwrite"]).default("fill_blanks"),
  /** locales to translate into (beyond the shop's primary one) */
  translationLocales: z.array(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/)).max(20).default([]),
  lengthTargets: z
    .object({
      descriptionWords: z.number().int().min(30).max(600).default(120),
      seoTitleCharacters: z.number().int().min(20).max(SEO_TITLE_LIMIT).default(SEO_TITLE_LIMIT),
      metaDescriptionCharacters: z.number().int().min(50).max(META_DESCRIPTION_LIMIT).default(155),
    })
    .prefault({}),
  /** extra instructions by product type, e.g. {"Apparel": "Mention care instructions."} */
  productTypeInstructions: z.record(z.string().max(120), z.string().max(1000)).default({}),
  allowLinks: z.boolean().default(false),
  /** Templates backend: the shop's own templates per language (missing languages use Plume's defaults). */
  templates: z.record(z.string(), templateSetSchema).default({}),
});

export type CopySettings = z.infer<typeof copySettingsSchema>;

export async function loadCopySettings(database: Database, shop: string): Promise<CopySettings> {
  const row = await database.copySettings.findUnique({ where: { shop } });
  return parseStored(row?.settings);
}

export class CopySettingsConflictError extends Error {
  override name = "CopySettingsConflictError";
}

const CAS_ATTEMPTS = 8;

/**
 * Read-modify-write of a shop's settings that cannot lose a concurrent change:
 * `change` is applied to the document as stored, and the write is one statement
 * that only succeeds if the stored document is still the one read
 * (compare-and-set on its content). Otherwise the settings are read again and
 * `change` re-applied, so two saves of different sections both persist.
 * `change` returns `{ refused }` to write nothing (the page shows why).
 */
export async function updateCopySettings<Refusal>(
  database: Database,
  shop: string,
  change: (current: CopySettings) => Promise<{ settings: CopySettings } | { refused: Refusal }>,
): Promise<{ settings: CopySettings; attempts: number } | { refused: Refusal }> {
  for (let attempt = 1; attempt <= CAS_ATTEMPTS; attempt += 1) {
    const row = await database.copySettings.findUnique({ where: { shop } });
    const current = parseStored(row?.settings);
    const outcome = await change(current);
    if ("refused" in outcome) return outcome;
    const valid = copySettingsSchema.parse(outcome.settings);
    const document = JSON.stringify(valid);
    if (row) {
      const { count } = await database.copySettings.updateMany({ where: { shop, settings: row.settings }, data: { settings: document } });
      if (count === 1) return { settings: valid, attempts: attempt };
    } else {
      try {
        await database.copySettings.create({ data: { shop, settings: document } });
        return { settings: valid, attempts: attempt };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
  }
  throw new CopySettingsConflictError(`copy settings of ${shop} kept changing under ${CAS_ATTEMPTS} attempts to save`);
}

function parseStored(raw: string | undefined): CopySettings {
  let stored: unknown;
  try {
    stored = raw ? JSON.parse(raw) : {};
  } catch {
    stored = {};
  }
  const parsed = copySettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : copySettingsSchema.parse({});
}

/** Overwrites the whole document: for seeding and tests. The page saves through updateCopySettings. */
export async function saveCopySettings(database: Database, shop: string, settings: CopySettings): Promise<CopySettings> {
  const valid = copySettingsSchema.parse(settings);
  const document = JSON.stringify(valid);
  await database.copySettings.upsert({ where: { shop }, create: { shop, settings: document }, update: { settings: document } });
  return valid;
}

/** The shop's template for a language, or Plume's default for it. */
export function templatesFor(settings: CopySettings, locale: string) {
  const language = locale.toLowerCase().split(/[-_]/)[0] ?? "en";
  return settings.templates[language] ?? DEFAULT_TEMPLATES[language as keyof typeof DEFAULT_TEMPLATES] ?? DEFAULT_TEMPLATES.en;
}
