import { z } from "zod";
import { COPY_FIELDS, type CopyField } from "~/copy/types";
import { JOB_MODES, type JobMode } from "~/jobs/types";
import { FLOW_ACTION_FIELD_KEYS } from "./flow-extensions";

/**
 * The body Shopify Flow posts to the action's runtime_url, parsed at the edge. Unknown keys are kept out;
 * fields an older version of the action did not have are optional, with defaults from the shop's settings.
 */

/** What a merchant may type in the action's "fields" box, word for word (case, spaces, hyphens and underscores aside). */
const FIELD_WORDS: Record<string, CopyField> = {
  description: "descriptionHtml",
  descriptionhtml: "descriptionHtml",
  seotitle: "seoTitle",
  metadescription: "metaDescription",
  seodescription: "metaDescription",
  alttext: "altText",
  imagealttext: "altText",
};

/** "description, SEO title" → ["descriptionHtml", "seoTitle"]; an unknown word is refused with the words Plume knows. */
export const flowFieldsSchema = z
  .string()
  .max(500)
  .transform((text, context): CopyField[] => {
    const words = text.split(/[,;\n]/).map((word) => word.trim()).filter(Boolean);
    const fields = new Set<CopyField>();
    for (const word of words) {
      const field = FIELD_WORDS[word.toLowerCase().replace(/[\s_-]+/g, "")];
      if (!field) {
        context.addIssue({ code: "custom", message: `unknown field "${word.slice(0, 40)}": use description, seo title, meta description or alt text` });
        return z.NEVER;
      }
      fields.add(field);
    }
    return COPY_FIELDS.filter((field) => fields.has(field));
  });

/** The product_reference field arrives as `product_id`: a number, its string, or a product GID. */
const productIdSchema = z.union([z.number().int().positive(), z.string().max(64)]).transform((value, context) => {
  const text = String(value);
  const numeric = /^\d{1,20}$/.exec(text)?.[0] ?? /^gid:\/\/shopify\/Product\/(\d{1,20})$/.exec(text)?.[1];
  if (!numeric) {
    context.addIssue({ code: "custom", message: "a product id (a number or gid://shopify/Product/…)" });
    return z.NEVER;
  }
  return `gid://shopify/Product/${numeric}`;
});

export const flowActionPayloadSchema = z.object({
  shop_id: z.union([z.number(), z.string().max(100)]).optional(),
  shopify_domain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "a *.myshopify.com domain"),
  action_run_id: z.string().min(1).max(200),
  handle: z.string().max(100).optional(),
  action_definition_id: z.string().max(100).optional(),
  step_reference: z.string().max(200).optional(),
  properties: z.object({
    product_id: productIdSchema,
    // Flow sends an empty text field as "" (and a field the version lacked not at all): both mean "the shop's fields".
    [FLOW_ACTION_FIELD_KEYS.fields]: flowFieldsSchema.optional(),
    [FLOW_ACTION_FIELD_KEYS.applyWithoutReview]: z.boolean().optional(),
  }),
});
export type FlowActionPayload = z.infer<typeof flowActionPayloadSchema>;

/** What the action asks for, with the version-1 defaults filled in. */
export interface FlowActionRequest {
  actionRunId: string;
  productId: string;
  /** null: the shop's default fields */
  fields: CopyField[] | null;
  mode: JobMode;
}

export function flowActionRequest(payload: FlowActionPayload): FlowActionRequest {
  const fields = payload.properties[FLOW_ACTION_FIELD_KEYS.fields];
  const autoApply = payload.properties[FLOW_ACTION_FIELD_KEYS.applyWithoutReview] ?? false;
  return {
    actionRunId: payload.action_run_id,
    productId: payload.properties.product_id,
    fields: fields && fields.length > 0 ? fields : null,
    mode: autoApply ? "auto_apply" : JOB_MODES[0],
  };
}
