import type { ActionFunctionArgs } from "@remix-run/node";
import { refreshIndexedProduct } from "~/catalog/catalog-index.server";
import database from "~/db.server";
import { authenticate } from "~/shopify.server";
import { handleVerifiedWebhook, UnexpectedWebhookTopicError, type WebhookTopic } from "./receive.server";

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
    const refreshProduct = admin ? (productId: string) => refreshIndexedProduct(admin, database, shop, productId) : undefined;
    try {
      await handleVerifiedWebhook(database, { shop, topic, webhookId, payload }, topics, refreshProduct);
    } catch (error) {
      if (error instanceof UnexpectedWebhookTopicError) return new Response(null, { status: 404 });
      throw error;
    }
    return new Response(null, { status: 200 });
  };
}
