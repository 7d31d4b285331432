import { z } from "zod";
import { AdminApiError, runAdminQuery, type AdminGraphql } from "./admin-client.server";

/**
 * The only places Plume writes product copy to Shopify, each a batch: one
 * productUpdate(product:) for description and SEO, one fileUpdate for every
 * alt text of a product, one translationsRegister / translationsRemove per
 * resource and locale. Shopify's userErrors come back to the caller with
 * their field paths, never swallowed, so each can be mapped to the value it
 * concerns (see app/copy/write-batch.server.ts).
 */
export type UserErrors = Array<{ field: string[] | null; message: string; code?: string | null }>;

export class ShopifyUserError extends Error {
  override name = "ShopifyUserError";
  constructor(
    readonly operation: string,
    readonly userErrors: UserErrors,
  ) {
    super(`${operation}: ${userErrors.map((error) => error.message).join("; ")}`);
  }
}

const userErrorsSchema = z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string(), code: z.string().nullish() }));

const PRODUCT_UPDATE = `#graphql
  mutation PlumeProductCopyUpdate($product: ProductUpdateInput!) {
    productUpdate(product: $product) {
      product {
        id
        updatedAt
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** What one product write changes. `seo`: only the SEO fields to change; an omitted one keeps its stored value. */
export interface ProductCopyChanges {
  descriptionHtml?: string;
  seo?: { title?: string; description?: string };
}

/** One productUpdate carrying every product-level field to change. Shopify applies all of it or none of it. */
export async function updateProductCopy(admin: AdminGraphql, productId: string, changes: ProductCopyChanges): Promise<{ userErrors: UserErrors; updatedAt: string | null }> {
  const data = await runAdminQuery(
    admin,
    "PlumeProductCopyUpdate",
    PRODUCT_UPDATE,
    z.object({ productUpdate: z.object({ product: z.object({ id: z.string(), updatedAt: z.string() }).nullable(), userErrors: userErrorsSchema }) }),
    { product: { id: productId, ...changes } },
  );
  return { userErrors: data.productUpdate.userErrors, updatedAt: data.productUpdate.product?.updatedAt ?? null };
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

/**
 * One fileUpdate with several alt texts (FileUpdateInput {id, alt}, 2026-10). A refused file comes back as a
 * FilesUserError whose field path is ["files", "<index>", …]; `updated` lists the files Shopify did update
 * (null when it refused the batch as a whole).
 */
export async function updateImageAlts(admin: AdminGraphql, files: ReadonlyArray<{ id: string; alt: string }>): Promise<{ userErrors: UserErrors; updated: string[] | null }> {
  const data = await runAdminQuery(
    admin,
    "PlumeImageAltUpdate",
    FILE_UPDATE,
    z.object({ fileUpdate: z.object({ files: z.array(z.object({ id: z.string() })).nullable(), userErrors: userErrorsSchema }) }),
    { files: files.map((file) => ({ id: file.id, alt: file.alt })) },
  );
  return { userErrors: data.fileUpdate.userErrors, updated: data.fileUpdate.files?.map((file) => file.id) ?? null };
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

/**
 * One translationsRegister for several keys of one resource. Shopify checks each item on its own: a refused one
 * comes back with the path ["translations", "<index>", …] (a stale digest: "Translatable content hash is invalid"
 * at ["translations", "<index>", "translatableContentDigest"]) and the others are saved.
 */
export async function registerTranslations(
  admin: AdminGraphql,
  resourceId: string,
  translations: ReadonlyArray<{ key: string; locale: string; value: string; digest: string }>,
): Promise<{ userErrors: UserErrors }> {
  const data = await runAdminQuery(
    admin,
    "PlumeTranslationsRegister",
    TRANSLATIONS_REGISTER,
    z.object({ translationsRegister: z.object({ userErrors: userErrorsSchema }) }),
    { resourceId, translations: translations.map((entry) => ({ key: entry.key, locale: entry.locale, value: entry.value, translatableContentDigest: entry.digest })) },
  );
  return { userErrors: data.translationsRegister.userErrors };
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

/** One translationsRemove for several keys of one resource in one locale. */
export async function removeTranslations(admin: AdminGraphql, resourceId: string, keys: readonly string[], locale: string): Promise<{ userErrors: UserErrors }> {
  const data = await runAdminQuery(
    admin,
    "PlumeTranslationsRemove",
    TRANSLATIONS_REMOVE,
    z.object({ translationsRemove: z.object({ userErrors: userErrorsSchema }) }),
    { resourceId, translationKeys: [...keys], locales: [locale] },
  );
  return { userErrors: data.translationsRemove.userErrors };
}
