import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { refreshIndexedProduct } from "~/catalog/catalog-index.server";
import type { AdminGraphql } from "~/catalog/admin-client.server";
import database from "~/db.server";
import type { Database } from "~/db/client.server";
import type { JobServiceDependencies } from "~/jobs/service.server";
import { authenticate } from "~/shopify.server";
import { onProductCreated } from "~/automation/new-product.server";
import { jobService } from "~/jobs/runtime.server";
import { settleBulkOperation } from "~/jobs/bulk-writes/writer.server";
import { handleVerifiedWebhook, UnexpectedWebhookTopicError, type WebhookEffects, type WebhookTopic } from "./receive.server";

/** What a delivery may do with the shop's Admin API: refresh the catalog index, start the new-product automation, settle a bulk write. */
export function webhookEffects(admin: AdminGraphql, database: Database, shop: string, jobs: () => JobServiceDependencies): WebhookEffects {
  return {
    refreshProduct: (productId) => refreshIndexedProduct(admin, database, shop, productId),
    productCreated: (productId, title) => onProductCreated(jobs, admin, database, shop, productId, title),
    bulkOperationFinished: async (operationId) => {
      // Items a settled write sent back to the per-product path: the runner looks for them at once.
      const settled = await settleBulkOperation(database, admin, shop, operationId);
      if (settled) jobs().dispatcher.notify(settled);
    },
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
      // Signed JSON without the fields the topic needs: the sender's fault too, with the first problem named.
      if (error instanceof z.ZodError) return new Response(`invalid payload: ${error.issues[0]?.path.join(".") ?? ""} ${error.issues[0]?.message ?? ""}`.trim(), { status: 400 });
      throw error;
    }
    return new Response(null, { status: 200 });
  };
}
