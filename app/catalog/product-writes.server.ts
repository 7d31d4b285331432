import { z } from "zod";
import { AdminApiError, runAdminQuery, type AdminGraphql } from "./admin-client.server";

/**
 * The only places Plume writes product copy to Shopify: productUpdate(product:)
 * for description and SEO, fileUpdate for image alt text, translationsRegister
 * and translationsRemove for translations. Shopify's userErrors come back to
 * the caller as ShopifyUserError, never swallowed.
 */
export class ShopifyUserError extends Error {
  override name = "ShopifyUserError";
  constructor(
    readonly operation: string,
    readonly userErrors: Array<{ field: string[] | null; message: string; code?: string | null }>,
  ) {
    super(`${operation}: ${userErrors.map((error) => error.message).join("; ")}`);
  }
}

const userErrorsSchema = z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string(), code: z.string().nullish() }));

function assertNoUserErrors(operation: string, userErrors: z.infer<typeof userErrorsSchema>) {
  if (userErrors.length > 0) throw new ShopifyUserError(operation, userErrors);
}

const PRODUCT_UPDATE = `#graphql
  mutation PlumeProductCopyUpdate($product: ProductUpdateInput!) {
    productUpdate(product: $product) {
      product {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export async function updateProductCopy(
  admin: AdminGraphql,
  productId: string,
  /** `seo`: only the SEO fields to change; an omitted one keeps its stored value. */
  values: { descriptionHtml?: string; seo?: { title: string } | { description: string } | { title: string; description: string } },
): Promise<void> {
  const data = await runAdminQuery(
    admin,
    "PlumeProductCopyUpdate",
    PRODUCT_UPDATE,
    z.object({ productUpdate: z.object({ userErrors: userErrorsSchema }) }),
    { product: { id: productId, ...values } },
  );
  assertNoUserErrors("productUpdate", data.productUpdate.userErrors);
}

const FILE_UPDATE = `#graphql
  mutation PlumeImageAltUpdate($files: [FileUpdateInput!]!) {
    fileUpdate(files: $files) {
      files {
        id
        alt
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export async function updateImageAlt(admin: AdminGraphql, mediaId: string, alt: string): Promise<void> {
  const data = await runAdminQuery(admin, "PlumeImageAltUpdate", FILE_UPDATE, z.object({ fileUpdate: z.object({ userErrors: userErrorsSchema }) }), {
    files: [{ id: mediaId, alt }],
  });
  assertNoUserErrors("fileUpdate", data.fileUpdate.userErrors);
}

const TRANSLATABLE_RESOURCE = `#graphql
  query PlumeTranslatableResource($resourceId: ID!, $locale: String!) {
    translatableResource(resourceId: $resourceId) {
      resourceId
      translatableContent {
        key
        value
        digest
        locale
      }
      translations(locale: $locale) {
        key
        value
        outdated
      }
    }
  }
`;

const translatableResourceSchema = z.object({
  translatableResource: z
    .object({
      translatableContent: z.array(z.object({ key: z.string(), value: z.string().nullable(), digest: z.string().nullable(), locale: z.string() })),
      translations: z.array(z.object({ key: z.string(), value: z.string().nullable(), outdated: z.boolean() })),
    })
    .nullable(),
});

export interface TranslationState {
  /** source digest per key, needed to register a translation */
  digests: Record<string, string>;
  /** current translation per key in the locale */
  current: Record<string, { value: string | null; outdated: boolean }>;
}

export async function readTranslations(admin: AdminGraphql, resourceId: string, locale: string): Promise<TranslationState> {
  const data = await runAdminQuery(admin, "PlumeTranslatableResource", TRANSLATABLE_RESOURCE, translatableResourceSchema, { resourceId, locale });
  if (!data.translatableResource) throw new AdminApiError(`no translatable resource ${resourceId}`, { operation: "translatableResource", retryable: false });
  return {
    digests: Object.fromEntries(data.translatableResource.translatableContent.filter((content) => content.digest).map((content) => [content.key, content.digest as string])),
    current: Object.fromEntries(data.translatableResource.translations.map((translation) => [translation.key, { value: translation.value, outdated: translation.outdated }])),
  };
}

const TRANSLATIONS_REGISTER = `#graphql
  mutation PlumeTranslationsRegister($resourceId: ID!, $translations: [TranslationInput!]!) {
    translationsRegister(resourceId: $resourceId, translations: $translations) {
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export async function registerTranslation(admin: AdminGraphql, resourceId: string, input: { key: string; locale: string; value: string; digest: string }): Promise<void> {
  const data = await runAdminQuery(
    admin,
    "PlumeTranslationsRegister",
    TRANSLATIONS_REGISTER,
    z.object({ translationsRegister: z.object({ userErrors: userErrorsSchema }) }),
    { resourceId, translations: [{ key: input.key, locale: input.locale, value: input.value, translatableContentDigest: input.digest }] },
  );
  assertNoUserErrors("translationsRegister", data.translationsRegister.userErrors);
}

const TRANSLATIONS_REMOVE = `#graphql
  mutation PlumeTranslationsRemove($resourceId: ID!, $translationKeys: [String!]!, $locales: [String!]!) {
    translationsRemove(resourceId: $resourceId, translationKeys: $translationKeys, locales: $locales) {
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export async function removeTranslation(admin: AdminGraphql, resourceId: string, key: string, locale: string): Promise<void> {
  const data = await runAdminQuery(
    admin,
    "PlumeTranslationsRemove",
    TRANSLATIONS_REMOVE,
    z.object({ translationsRemove: z.object({ userErrors: userErrorsSchema }) }),
    { resourceId, translationKeys: [key], locales: [locale] },
  );
  assertNoUserErrors("translationsRemove", data.translationsRemove.userErrors);
}
