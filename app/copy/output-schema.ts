import { z } from "zod";
import type { CopyField } from "./types";

/**
 * The structured output asked of the model: exactly the requested fields,
 * all required (OpenAI's strict mode refuses optional properties). Length
 * limits are stated in the prompt and enforced by the checks, not here:
 * Gemini drops them from the schema it sends, and a too-long value should be
 * regenerated with the reason, not fail parsing.
 */
const altTextsSchema = z.array(z.object({ imageId: z.string(), altText: z.string() }));

export interface CopyOutput {
  descriptionHtml?: string;
  seoTitle?: string;
  metaDescription?: string;
  altTexts?: Array<{ imageId: string; altText: string }>;
}

export function copyOutputSchema(fields: readonly CopyField[]): z.ZodType<CopyOutput> {
  const shape: Record<string, z.ZodType> = {};
  if (fields.includes("descriptionHtml")) shape.descriptionHtml = z.string();
  if (fields.includes("seoTitle")) shape.seoTitle = z.string();
  if (fields.includes("metaDescription")) shape.metaDescription = z.string();
  if (fields.includes("altText")) shape.altTexts = altTextsSchema;
  return z.object(shape) as z.ZodType<CopyOutput>;
}
