import type { ActionFunctionArgs } from "@remix-run/node";
import { refreshIndexedProduct } from "~/catalog/catalog-index.server";
import type { AdminGraphql } from "~/catalog/admin-client.server";
import database from "~/db.server";
import type { Database } from "~/db/client.server";
import type { JobServiceDependencies } from "~/jobs/service.server";
import { authenticate } from "~/shopify.server";
import { onProductCreated } from "~/automation/new-product.server";
import { jobService } from "~/jobs/runtime.server";
import { handleVerifiedWebhook, UnexpectedWebhookTopicError, type WebhookEffects, type WebhookTopic } from "./receive.server";

/** What a delivery may do with the shop's Admin API: refresh the catalog index, start the new-product automation. */
export function webhookEffects(admin: AdminGraphql, database: Database, shop: string, jobs: () => JobServiceDependencies): WebhookEffects {
  return {
    refreshProduct: (productId) => refreshIndexedProduct(admin, database, shop, productId),
    productCreated: (productId, title) => onProductCreated(jobs, admin, database, shop, productId, title),
  };
}

/**
 * The action every webhook route uses: `authenticate.webhook` verifies the
 * HMAC (and answers 401 itself when it is bad or missing), then the delivery
 * is handled at most once.
 */
export function webhookAction(topics: readonly WebhookTopic[]) {
  return async ({ request }: ActionFunctionArgs) => {
    // Unsigned is unauthenticated: 401, as for a bad signature (the library
    // would answer 400 for the missing header).
    if (!request.headers.get("X-Shopify-Hmac-Sha256")) return new Response(null, { status: 401 });
    let verified: Awaited<ReturnType<typeof authenticate.webhook>>;
    try {
      verified = await authenticate.webhook(request);
    } catch (error) {
      // Signed, but the body is not JSON: the sender's fault, not ours.
      if (error instanceof SyntaxError) return new Response("invalid JSON payload", { status: 400 });
      throw error;
    }
    const { shop, topic, webhookId, payload, admin } = verified;
    const effects = admin ? webhookEffects(admin, database, shop, jobService) : {};
    try {
      await handleVerifiedWebhook(database, { shop, topic, webhookId, payload }, topics, effects);
    } catch (error) {
      if (error instanceof UnexpectedWebhookTopicError) return new Response(null, { status: 404 });
      throw error;
    }
    return new Response(null, { status: 200 });
  };
}
