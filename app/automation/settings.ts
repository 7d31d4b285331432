import { z } from "zod";
import { COPY_FIELDS, copyFieldSchema } from "~/copy/types";
import type { Database } from "~/db/client.server";
import { JOB_MODES } from "~/jobs/types";
import { backendIdSchema, modelIdSchema } from "~/models/ids";

/**
 * The shop's automation "write copy for new products": off until the merchant turns it on; when on, each
 * product created in Shopify gets one job with these choices. Fill blanks only by default: a product created
 * with its own description keeps it. Stored as one JSON document, always read through this schema.
 */
export const newProductAutomationSchema = z.object({
  enabled: z.boolean().default(false),
  fields: z.array(copyFieldSchema).min(1).max(COPY_FIELDS.length).default([...COPY_FIELDS]),
  /** null: the shop's backend and model (Settings) at the time the product arrives */
  model: z.object({ backendId: backendIdSchema, modelId: modelIdSchema }).nullable().default(null),
  mode: z.enum(JOB_MODES).default("review"),
  writePolicy: z.enum(["fill_blanks", "overwrite"]).default("fill_blanks"),
});
export type NewProductAutomation = z.infer<typeof newProductAutomationSchema>;

export async function loadNewProductAutomation(database: Database, shop: string): Promise<NewProductAutomation> {
  const row = await database.automationSettings.findUnique({ where: { shop }, select: { newProducts: true } });
  let stored: unknown;
  try {
    stored = row ? JSON.parse(row.newProducts) : {};
  } catch {
    stored = {};
  }
  const parsed = newProductAutomationSchema.safeParse(stored);
  return parsed.success ? parsed.data : newProductAutomationSchema.parse({});
}

export async function saveNewProductAutomation(database: Database, shop: string, settings: NewProductAutomation): Promise<NewProductAutomation> {
  const valid = newProductAutomationSchema.parse(settings);
  const document = JSON.stringify(valid);
  await database.automationSettings.upsert({ where: { shop }, create: { shop, newProducts: document }, update: { newProducts: document } });
  return valid;
}
