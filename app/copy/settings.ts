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
  let stored: unknown;
  try {
    stored = row ? JSON.parse(row.settings) : {};
  } catch {
    stored = {};
  }
  const parsed = copySettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : copySettingsSchema.parse({});
}

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
