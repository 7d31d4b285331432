/**
 * `productCreate(product: ProductCreateInput)`, in the small form the emulator needs: title,
 * handle, description, vendor, type, status, tags and SEO. The product gets Shopify's single
 * "Default Title" variant, so each call creates one variant and counts against the
 * variant-creation limit (variant-throttle.ts). Other input fields, the deprecated `input:`
 * and `media:` fail loudly.
 */
import { GraphQLError } from "graphql";
import { z } from "zod";
import { typeResolvers, type ResolverMap } from "../context";
import { notEmulatedInputError } from "../errors";
import { userError, type UserErrorValue } from "./user-errors";
import type { ProductRecord } from "../../store/records";
import { VARIANT_THROTTLE_MESSAGE } from "../../variant-throttle";
import { TITLE_MAX_LENGTH } from "./product-update";

const argsSchema = z.object({ product: z.record(z.string(), z.unknown()).nullish(), input: z.unknown().optional(), media: z.unknown().optional() });

const productCreateInputSchema = z.object({
  title: z.string().nullish(),
  handle: z.string().nullish(),
  descriptionHtml: z.string().nullish(),
  vendor: z.string().nullish(),
  productType: z.string().nullish(),
  status: z.enum(["ACTIVE", "ARCHIVED", "DRAFT", "UNLISTED"]).nullish(),
  tags: z.array(z.string()).nullish(),
  seo: z.object({ title: z.string().nullish(), description: z.string().nullish() }).nullish(),
});

/** The GraphQL error merchants report for the daily limit; the endpoint answers it with HTTP 429. */
export function variantThrottleError(): GraphQLError {
  return new GraphQLError(VARIANT_THROTTLE_MESSAGE, { extensions: { code: "VARIANT_THROTTLE_EXCEEDED" } });
}

const mutation = typeResolvers<unknown>({
  productCreate: (_source, rawArgs, context) => {
    const args = argsSchema.parse(rawArgs);
    if (args.input !== undefined && args.input !== null) throw notEmulatedInputError("productCreate(input:), deprecated in favour of productCreate(product:),");
    if (args.media !== undefined && args.media !== null) throw notEmulatedInputError("The media argument of productCreate");
    const raw = args.product ?? {};
    for (const [key, value] of Object.entries(raw)) {
      if (key in productCreateInputSchema.shape || value === undefined || value === null) continue;
      throw notEmulatedInputError(`ProductCreateInput.${key}`);
    }
    const input = productCreateInputSchema.parse(raw);
    const title = input.title?.trim() ?? "";
    if (title === "") return { product: null, userErrors: [userError(["title"], "Title can't be blank", "BLANK")] };
    if ([...title].length > TITLE_MAX_LENGTH) return { product: null, userErrors: [userError(["title"], `Title is too long (maximum is ${TITLE_MAX_LENGTH} characters)`, "TOO_LONG")] };
    const newVariants = 1;
    const { shop } = context;
    if (!shop.variantCreation.allows(shop.plan, shop.variantTotal, newVariants)) throw variantThrottleError();
    const product: ProductRecord = context.store.createProduct(shop.domain, {
      title,
      ...(input.handle ? { handle: input.handle } : {}),
      descriptionHtml: input.descriptionHtml ?? "",
      vendor: input.vendor ?? shop.name,
      productType: input.productType ?? "",
      status: input.status ?? "ACTIVE",
      tags: input.tags ?? [],
      seo: { title: input.seo?.title ?? null, description: input.seo?.description ?? null },
      variants: [{ price: "0.00", sku: null }],
    });
    shop.variantCreation.record(newVariants);
    shop.addVariants(newVariants);
    const userErrors: UserErrorValue[] = [];
    return { product, userErrors };
  },
});

export const productCreateResolvers: ResolverMap = {
  Mutation: mutation,
  ProductCreatePayload: typeResolvers<{ product: ProductRecord | null; userErrors: UserErrorValue[] }>({
    product: (source) => source.product,
    userErrors: (source) => source.userErrors,
  }),
};
