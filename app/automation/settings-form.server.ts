import { z } from "zod";
import { copyFieldSchema } from "~/copy/types";
import type { Database } from "~/db/client.server";
import { BadRequestError, jsonField, parseInput } from "~/http/bad-request.server";
import { JOB_MODES } from "~/jobs/types";
import { backendIdSchema, modelIdSchema } from "~/models/ids";
import { modelRegistry } from "~/models/runtime.server";
import { saveNewProductAutomation, type NewProductAutomation } from "./settings";

/**
 * The Settings page's "write copy for new products" form: what it posts, parsed at the edge. The backend is
 * empty for "the shop's backend", or one the registry knows with a model id.
 */
export const newProductFormSchema = z
  .object({
    enabled: z.enum(["true", "false"]).transform((value) => value === "true"),
    fields: z.string().max(300).transform(jsonField).pipe(z.array(copyFieldSchema).min(1).max(4)),
    backendId: z.union([z.literal(""), backendIdSchema]),
    modelId: z.union([z.literal(""), modelIdSchema]).default(""),
    mode: z.enum(JOB_MODES),
    writePolicy: z.enum(["fill_blanks", "overwrite"]),
  })
  .refine((form) => form.backendId === "" || form.modelId !== "", { path: ["modelId"], message: "a model for the chosen backend" });

export type NewProductFormResult = { ok: true; settings: NewProductAutomation } | { ok: false; error: string; errors: Record<string, string> };

export async function saveNewProductForm(database: Database, shop: string, fields: Record<string, string>): Promise<NewProductFormResult> {
  const form = parseInput(newProductFormSchema, fields);
  if (form.backendId !== "" && !modelRegistry().has(form.backendId)) throw new BadRequestError("unknown_backend", { backendId: "not a backend Plume knows" });
  const settings = await saveNewProductAutomation(database, shop, {
    enabled: form.enabled,
    fields: [...new Set(form.fields)],
    model: form.backendId === "" ? null : { backendId: form.backendId, modelId: form.modelId },
    mode: form.mode,
    writePolicy: form.writePolicy,
  });
  return { ok: true, settings };
}
