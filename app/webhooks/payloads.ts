import { z } from "zod";

/** Webhook payloads are untrusted until parsed: only the fields Plume acts on. */
export const scopesUpdatePayload = z.object({
  current: z.array(z.string()),
  previous: z.array(z.string()).optional(),
});

export const customersDataRequestPayload = z.object({
  shop_id: z.number(),
  shop_domain: z.string(),
  customer: z.object({ id: z.number() }).loose(),
  orders_requested: z.array(z.number()).default([]),
  data_request: z.object({ id: z.number() }).loose(),
});

export const customersRedactPayload = z.object({
  shop_id: z.number(),
  shop_domain: z.string(),
  customer: z.object({ id: z.number() }).loose(),
  orders_to_redact: z.array(z.number()).default([]),
});

export const shopRedactPayload = z.object({
  shop_id: z.number(),
  shop_domain: z.string(),
});

export const productPayload = z.object({
  id: z.number(),
  admin_graphql_api_id: z.string().regex(/^gid:\/\/shopify\/Product\/\d+$/),
  // When the product last changed (ISO 8601); an echo of a change the index already has is not re-read. An
  // unreadable one only means the product is read again.
  updated_at: z.string().max(64).optional(),
  // Named on the Settings page when the new-product automation could not write the product; shown as text only.
  title: z.string().max(1000).optional().catch(undefined),
});

export const productDeletePayload = z.object({ id: z.number() });

/** bulk_operations/finish: which operation finished (the status is read back from Shopify before acting on it). */
export const bulkOperationFinishPayload = z.object({
  admin_graphql_api_id: z.string().startsWith("gid://shopify/BulkOperation/"),
  status: z.string(),
  type: z.string(),
});
