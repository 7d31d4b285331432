import { z } from "zod";
import { escapeHtml } from "./frame";
import type { NewProductForm } from "./admin-pages";

/**
 * The demo admin's "Add product" form, read at the edge, and the productCreate it becomes. The product is created
 * through the Admin API like the admin's own save, so the emulator fires products/create to the app from its
 * webhook dispatcher (emulator/admin/webhooks): the demo adds no shortcut of its own. Dev-only.
 */
const TITLE_MAX = 255;
const DESCRIPTION_MAX = 5_000;

const formSchema = z.object({ title: z.string().max(10_000).default(""), description: z.string().max(100_000).default("") });

export type ReadForm = { ok: true; title: string; descriptionHtml: string } | { ok: false; form: NewProductForm };

/** Plain text as the admin's editor would store it: paragraphs on blank lines, line breaks kept, all escaped. */
export function plainTextToHtml(text: string): string {
  return text
    .trim()
    .split(/\r?\n\s*\r?\n/)
    .filter((paragraph) => paragraph.trim() !== "")
    .map((paragraph) => `<p>${paragraph.trim().split(/\r?\n/).map(escapeHtml).join("<br>")}</p>`)
    .join("");
}

export function readNewProductForm(body: unknown): ReadForm {
  const parsed = formSchema.safeParse(body ?? {});
  const title = parsed.success ? parsed.data.title.trim() : "";
  const description = parsed.success ? parsed.data.description : "";
  const refuse = (error: NewProductForm["error"]): ReadForm => ({ ok: false, form: { title: title.slice(0, TITLE_MAX), description: description.slice(0, DESCRIPTION_MAX), error } });
  if (!parsed.success) return refuse("notSaved");
  if (title === "") return refuse("titleBlank");
  if ([...title].length > TITLE_MAX) return refuse("titleTooLong");
  if (description.length > DESCRIPTION_MAX) return refuse("descriptionTooLong");
  return { ok: true, title, descriptionHtml: plainTextToHtml(description) };
}

export const PRODUCT_CREATE = `#graphql
mutation DemoAdminProductCreate($product: ProductCreateInput!) {
  productCreate(product: $product) { product { id } userErrors { field message } }
}`;

export type ProductCreateData = { productCreate: { product: { id: string } | null; userErrors: Array<{ field: string[] | null; message: string }> } };

/**
 * The new product's numeric id, or the form again. The form already refused a blank or too long title, so a
 * user error here is one the demo does not word: "not saved", and the admin's message goes to the log.
 */
export function createdProduct(data: ProductCreateData, form: { title: string; description: string }): { ok: true; legacyId: string } | { ok: false; form: NewProductForm; reason: string } {
  const { product, userErrors } = data.productCreate;
  if (product) return { ok: true, legacyId: product.id.split("/").pop() ?? "" };
  return { ok: false, form: { ...form, error: "notSaved" }, reason: userErrors.map((error) => error.message).join("; ") };
}
