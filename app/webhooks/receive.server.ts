import { isIndexedSince } from "~/catalog/catalog-index.server";
import type { Database } from "~/db/client.server";
import { isUniqueViolation } from "~/db/errors";
import { logger } from "~/observability/logger.server";
import { recordUninstall, redactShop, updateScopes } from "~/shops/lifecycle.server";
import { bulkOperationFinishPayload, customersDataRequestPayload, customersRedactPayload, productDeletePayload, productPayload, scopesUpdatePayload, shopRedactPayload } from "./payloads";

/** What authenticate.webhook hands us once the HMAC is verified. */
export interface VerifiedWebhook {
  shop: string;
  topic: string;
  webhookId: string;
  payload: unknown;
}

export type WebhookTopic =
  | "APP_UNINSTALLED"
  | "APP_SCOPES_UPDATE"
  | "CUSTOMERS_DATA_REQUEST"
  | "CUSTOMERS_REDACT"
  | "SHOP_REDACT"
  | "PRODUCTS_CREATE"
  | "PRODUCTS_UPDATE"
  | "PRODUCTS_DELETE"
  | "BULK_OPERATIONS_FINISH";

/** Reads one product into the catalog index; given when the shop still has an offline session. */
export type ProductRefresher = (productId: string) => Promise<void>;

/** What the shop's Admin API lets a delivery do, given when the shop still has an offline session. */
export interface WebhookEffects {
  refreshProduct?: ProductRefresher;
  /** products/create only: the "write copy for new products" automation (app/automation). */
  productCreated?: (productId: string, title?: string) => Promise<unknown>;
  /** bulk_operations/finish: settles the bulk write (app/jobs/bulk-writes) waiting on that operation, if any. */
  bulkOperationFinished?: (operationId: string) => Promise<unknown>;
}

export class UnexpectedWebhookTopicError extends Error {
  override name = "UnexpectedWebhookTopicError";
}

/**
 * Handles a verified webhook once: the delivery id is claimed first, so a
 * redelivery (same X-Shopify-Webhook-Id) is acknowledged without a second
 * effect. If the effect fails the claim is released and Shopify retries.
 */
export async function handleVerifiedWebhook(
  database: Database,
  webhook: VerifiedWebhook,
  allowedTopics: readonly WebhookTopic[],
  effects: WebhookEffects | ProductRefresher = {},
): Promise<"handled" | "duplicate"> {
  if (!allowedTopics.includes(webhook.topic as WebhookTopic)) {
    throw new UnexpectedWebhookTopicError(`topic ${webhook.topic} is not handled by this endpoint`);
  }
  const claimed = await claimDelivery(database, webhook);
  if (!claimed) {
    logger.info({ shop: webhook.shop, topic: webhook.topic, webhookId: webhook.webhookId }, "webhook redelivery ignored");
    return "duplicate";
  }
  try {
    await applyWebhook(database, webhook, typeof effects === "function" ? { refreshProduct: effects } : effects);
  } catch (error) {
    await database.webhookDelivery.deleteMany({ where: { webhookId: webhook.webhookId } });
    throw error;
  }
  logger.info({ shop: webhook.shop, topic: webhook.topic, webhookId: webhook.webhookId }, "webhook handled");
  return "handled";
}

async function claimDelivery(database: Database, webhook: VerifiedWebhook): Promise<boolean> {
  try {
    await database.webhookDelivery.create({ data: { webhookId: webhook.webhookId, shop: webhook.shop, topic: webhook.topic } });
    return true;
  } catch (error) {
    // A concurrent or later redelivery loses the race on the primary key.
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}


async function applyWebhook(database: Database, webhook: VerifiedWebhook, effects: WebhookEffects): Promise<void> {
  const { refreshProduct } = effects;
  switch (webhook.topic as WebhookTopic) {
    case "PRODUCTS_CREATE":
    case "PRODUCTS_UPDATE": {
      const payload = productPayload.parse(webhook.payload);
      // Only a creation starts the new-product automation, whatever the index knows; an update never does, so the
      // products/update that Plume's own writes trigger cannot start anything.
      if (webhook.topic === "PRODUCTS_CREATE" && effects.productCreated) await effects.productCreated(payload.admin_graphql_api_id, payload.title);
      // The echo of a change the index already has — above all of Plume's own writes, after which the index is
      // refreshed at once — is not read again: one Admin call saved per product written.
      if (payload.updated_at && (await isIndexedSince(database, webhook.shop, payload.admin_graphql_api_id, new Date(payload.updated_at)))) {
        logger.info({ shop: webhook.shop, topic: webhook.topic, productId: payload.admin_graphql_api_id }, "product webhook: the index already has this change");
        return;
      }
      // Re-read through GraphQL: the REST-shaped payload lacks SEO fields.
      if (refreshProduct) await refreshProduct(payload.admin_graphql_api_id);
      return;
    }
    case "PRODUCTS_DELETE": {
      const payload = productDeletePayload.parse(webhook.payload);
      await database.catalogProduct.deleteMany({ where: { shop: webhook.shop, productId: `gid://shopify/Product/${payload.id}` } });
      return;
    }
    case "BULK_OPERATIONS_FINISH": {
      const payload = bulkOperationFinishPayload.parse(webhook.payload);
      // Bulk queries (the catalog sync) poll for themselves; only mutations can be bulk writes.
      if (payload.type === "mutation" && effects.bulkOperationFinished) await effects.bulkOperationFinished(payload.admin_graphql_api_id);
      return;
    }
    case "APP_UNINSTALLED":
      await recordUninstall(database, webhook.shop, new Date());
      return;
    case "APP_SCOPES_UPDATE": {
      const payload = scopesUpdatePayload.parse(webhook.payload);
      await updateScopes(database, webhook.shop, payload.current);
      return;
    }
    case "CUSTOMERS_DATA_REQUEST": {
      // Plume stores no customer data: the request is recorded (ids only) and
      // complete at once, with nothing to report.
      const payload = customersDataRequestPayload.parse(webhook.payload);
      await recordCompliance(database, webhook, { customerId: payload.customer.id, dataRequestId: payload.data_request.id });
      return;
    }
    case "CUSTOMERS_REDACT": {
      const payload = customersRedactPayload.parse(webhook.payload);
      await recordCompliance(database, webhook, { customerId: payload.customer.id, orders: payload.orders_to_redact.length });
      return;
    }
    case "SHOP_REDACT": {
      shopRedactPayload.parse(webhook.payload);
      const deleted = await redactShop(database, webhook.shop);
      logger.info({ shop: webhook.shop, deleted }, "shop redacted");
      return;
    }
  }
}

async function recordCompliance(database: Database, webhook: VerifiedWebhook, summary: Record<string, number>): Promise<void> {
  await database.complianceRequest.create({
    data: {
      id: webhook.webhookId,
      shop: webhook.shop,
      topic: webhook.topic,
      payload: JSON.stringify(summary),
      completedAt: new Date(),
    },
  });
}
