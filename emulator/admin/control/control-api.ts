/**
 * JSON control endpoints under /__emulator/ for tests, the demo and benchmarks:
 * shops and seeds, products (with their webhooks), tokens, plan and bucket,
 * webhook triggers and redelivery, call counts, and a full reset. Every body is
 * parsed with zod; errors come back as {"error": …} with a 4xx status.
 *
 * Endpoints that cause webhooks accept `?wait=1` to answer only after the
 * deliveries have finished.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { shopOptionsSchema } from "../options";
import { issueSessionToken } from "../oauth/session-token";
import { productCreateInputSchema, productPatchSchema, UnknownProductError, UnknownShopError, type EmulatorStore } from "../store/emulator-store";
import { parseGlobalId, type ProductRecord } from "../store/records";
import type { ShopState } from "../store/shop-state";
import { planSchema } from "../throttle";
import { isoDateTime } from "../time-format";
import { UnknownDeliveryError, type WebhookDelivery } from "../webhooks/dispatcher";
import { bulkOperationFinishPayload, productWebhookPayload, shopWebhookPayload } from "../webhooks/payloads";
import { HttpError, readBody, sendJson } from "../http/http-util";
import { CONTROL_PREFIX } from "../emulator-paths";


function shopSummary(shop: ShopState): Record<string, unknown> {
  return {
    domain: shop.domain,
    name: shop.name,
    currency: shop.currency,
    plan: shop.bucket.plan,
    installed: shop.installed,
    products: shop.catalog.size,
    locales: shop.locales,
    throttleStatus: shop.bucket.status(),
  };
}

function productSummary(product: ProductRecord): Record<string, unknown> {
  return {
    id: product.id,
    legacyId: product.legacyId,
    title: product.title,
    handle: product.handle,
    status: product.status,
    updatedAt: isoDateTime(product.updatedAt),
    media: product.media.map((media) => ({ id: media.id, alt: media.alt })),
  };
}

function deliverySummary(delivery: WebhookDelivery): Record<string, unknown> {
  return { ...delivery, lastStatus: delivery.attempts.at(-1)?.status ?? null };
}

async function jsonBody<Schema extends z.ZodType>(request: IncomingMessage, schema: Schema): Promise<z.output<Schema>> {
  const text = (await readBody(request)).toString("utf8");
  let raw: unknown = {};
  if (text.trim() !== "") {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new HttpError(400, { error: "body is not valid JSON" });
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new HttpError(400, { error: "invalid body", issues: parsed.error.issues });
  return parsed.data;
}

function productIdOf(raw: string): number {
  const decoded = decodeURIComponent(raw);
  const legacyId = /^\d+$/.test(decoded) ? Number(decoded) : parseGlobalId(decoded)?.legacyId;
  if (legacyId === undefined || !Number.isSafeInteger(legacyId)) throw new HttpError(400, { error: `not a product id: ${decoded}` });
  return legacyId;
}

const tokenRequestSchema = z.object({
  scopes: z.string().optional(),
  online: z.boolean().optional(),
  userId: z.number().int().positive().optional(),
  expiresInSeconds: z.number().int().positive().optional(),
});

const sessionTokenRequestSchema = z.object({
  userId: z.number().int().positive().optional(),
  lifetimeSeconds: z.number().int().optional(),
});

const webhookTriggerSchema = z.object({
  topic: z.string(),
  productId: z.union([z.string(), z.number()]).optional(),
  bulkOperationId: z.string().optional(),
});

const throttleSchema = z.object({ currentlyAvailable: z.number().min(0) });

type Route = (request: IncomingMessage, response: ServerResponse, params: readonly string[], query: URLSearchParams) => Promise<void>;

export class ControlApi {
  private readonly routes: { method: string; pattern: RegExp; handle: Route }[] = [];

  constructor(private readonly store: EmulatorStore) {
    const shopOf = (raw: string | undefined): ShopState => {
      const shop = store.getShop(decodeURIComponent(raw ?? ""));
      if (!shop) throw new HttpError(404, { error: `unknown shop ${raw ?? ""}` });
      return shop;
    };
    const settle = async (query: URLSearchParams): Promise<void> => {
      if (query.get("wait") === "1" || query.get("wait") === "true") await store.webhooks.settled();
    };
    const route = (method: string, path: string, handle: Route): void => {
      const pattern = new RegExp(`^${CONTROL_PREFIX}${path.replace(/:[a-zA-Z]+/g, "([^/]+)")}$`);
      this.routes.push({ method, pattern, handle });
    };

    route("GET", "/healthz", async (_request, response) => sendJson(response, 200, { ok: true, shops: store.shops.size }));
    route("POST", "/reset", async (_request, response) => {
      store.resetAll();
      sendJson(response, 200, { ok: true, shops: [...store.shops.values()].map(shopSummary) });
    });
    route("GET", "/shops", async (_request, response) => sendJson(response, 200, { shops: [...store.shops.values()].map(shopSummary) }));
    route("POST", "/shops", async (request, response) => {
      const shop = store.createShop(await jsonBody(request, shopOptionsSchema));
      sendJson(response, 201, shopSummary(shop));
    });
    route("GET", "/shops/:shop", async (_request, response, [shop]) => sendJson(response, 200, shopSummary(shopOf(shop))));
    route("PUT", "/shops/:shop/plan", async (request, response, [raw]) => {
      const shop = shopOf(raw);
      const { plan } = await jsonBody(request, z.object({ plan: planSchema }));
      store.setPlan(shop.domain, plan);
      sendJson(response, 200, shopSummary(shop));
    });
    route("PUT", "/shops/:shop/throttle", async (request, response, [raw]) => {
      const shop = shopOf(raw);
      shop.bucket.setAvailable((await jsonBody(request, throttleSchema)).currentlyAvailable);
      sendJson(response, 200, shop.bucket.status());
    });
    route("POST", "/shops/:shop/access-tokens", async (request, response, [raw]) => {
      const shop = shopOf(raw);
      const token = store.issueAccessToken(shop.domain, await jsonBody(request, tokenRequestSchema));
      sendJson(response, 201, { access_token: token.token, scope: token.scopes, expires_in: token.expiresAt === null ? null : Math.round((token.expiresAt - store.now()) / 1000) });
    });
    route("POST", "/shops/:shop/session-tokens", async (request, response, [raw]) => {
      const shop = shopOf(raw);
      const body = await jsonBody(request, sessionTokenRequestSchema);
      const token = issueSessionToken({ shop: shop.domain, apiKey: store.options.apiKey, apiSecret: store.options.apiSecret, nowMs: store.now(), userId: body.userId, lifetimeSeconds: body.lifetimeSeconds });
      sendJson(response, 201, { session_token: token });
    });
    route("GET", "/shops/:shop/products/:id", async (_request, response, [raw, id]) => {
      const product = shopOf(raw).catalog.get(productIdOf(id ?? ""));
      if (!product) throw new HttpError(404, { error: "unknown product" });
      sendJson(response, 200, { product: productWebhookPayload(product) });
    });
    route("POST", "/shops/:shop/products", async (request, response, [raw], query) => {
      const shop = shopOf(raw);
      const product = store.createProduct(shop.domain, await jsonBody(request, productCreateInputSchema));
      await settle(query);
      sendJson(response, 201, { product: productSummary(product) });
    });
    route("PATCH", "/shops/:shop/products/:id", async (request, response, [raw, id], query) => {
      const shop = shopOf(raw);
      const product = store.updateProduct(shop.domain, productIdOf(id ?? ""), await jsonBody(request, productPatchSchema));
      await settle(query);
      sendJson(response, 200, { product: productSummary(product) });
    });
    route("DELETE", "/shops/:shop/products/:id", async (_request, response, [raw, id], query) => {
      const shop = shopOf(raw);
      store.deleteProduct(shop.domain, productIdOf(id ?? ""));
      await settle(query);
      sendJson(response, 200, { ok: true });
    });
    route("POST", "/shops/:shop/uninstall", async (_request, response, [raw], query) => {
      const shop = shopOf(raw);
      store.uninstall(shop.domain);
      await settle(query);
      sendJson(response, 200, shopSummary(shop));
    });
    route("POST", "/shops/:shop/webhooks", async (request, response, [raw], query) => {
      const shop = shopOf(raw);
      const body = await jsonBody(request, webhookTriggerSchema);
      const deliveries = store.webhooks.trigger(shop.domain, body.topic, this.payloadFor(shop, body));
      await settle(query);
      sendJson(response, 202, { deliveries: deliveries.map(deliverySummary) });
    });
    route("GET", "/webhooks/deliveries", async (_request, response, _params, query) =>
      sendJson(response, 200, { deliveries: store.webhooks.list({ shop: query.get("shop") ?? undefined, topic: query.get("topic") ?? undefined }).map(deliverySummary) }),
    );
    route("POST", "/webhooks/deliveries/:id/redeliver", async (_request, response, [id], query) => {
      const delivery = store.webhooks.redeliver(decodeURIComponent(id ?? ""));
      await settle(query);
      sendJson(response, 202, { delivery: deliverySummary(delivery) });
    });
    route("GET", "/calls", async (_request, response, _params, query) => {
      const shop = query.get("shop");
      sendJson(response, 200, shop ? { shop, calls: store.calls.forShop(shop) } : { calls: store.calls.all() });
    });
    route("DELETE", "/calls", async (_request, response, _params, query) => {
      store.calls.reset(query.get("shop") ?? undefined);
      sendJson(response, 200, { ok: true });
    });
    route("GET", "/flow-triggers", async (_request, response, _params, query) => {
      const shop = query.get("shop") ?? undefined;
      sendJson(response, 200, { triggers: store.flowTriggers.forShop(shop).map((entry) => ({ ...entry, receivedAt: isoDateTime(entry.receivedAt) })) });
    });
    route("DELETE", "/flow-triggers", async (_request, response, _params, query) => {
      store.flowTriggers.reset(query.get("shop") ?? undefined);
      sendJson(response, 200, { ok: true });
    });
    route("GET", "/writes", async (_request, response, _params, query) => {
      const shop = query.get("shop");
      sendJson(response, 200, shop ? { shop, writes: store.writes.forShop(shop) } : { writes: store.writes.all() });
    });
    route("DELETE", "/writes", async (_request, response, _params, query) => {
      store.writes.reset(query.get("shop") ?? undefined);
      sendJson(response, 200, { ok: true });
    });
  }

  private payloadFor(shop: ShopState, body: z.infer<typeof webhookTriggerSchema>) {
    if (body.topic.startsWith("products/")) {
      if (body.productId === undefined) throw new HttpError(400, { error: "productId is required for products/* topics" });
      const legacyId = productIdOf(String(body.productId));
      if (body.topic === "products/delete") return { id: legacyId };
      const product = shop.catalog.get(legacyId);
      if (!product) throw new HttpError(404, { error: "unknown product" });
      return productWebhookPayload(product);
    }
    if (body.topic === "bulk_operations/finish") {
      const legacyId = body.bulkOperationId ? parseGlobalId(body.bulkOperationId)?.legacyId : undefined;
      const operation = legacyId === undefined ? undefined : shop.bulk.get(legacyId);
      if (!operation) throw new HttpError(404, { error: "unknown bulk operation" });
      return bulkOperationFinishPayload(operation);
    }
    if (body.topic.startsWith("app/") || body.topic.startsWith("shop/")) return shopWebhookPayload(shop);
    throw new HttpError(400, { error: `no payload builder for topic ${body.topic}` });
  }

  /** Handles the request if it is a control route; returns false otherwise. */
  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    for (const candidate of this.routes) {
      if (candidate.method !== request.method) continue;
      const match = candidate.pattern.exec(url.pathname);
      if (!match) continue;
      try {
        await candidate.handle(request, response, match.slice(1), url.searchParams);
      } catch (error) {
        if (error instanceof UnknownShopError || error instanceof UnknownProductError || error instanceof UnknownDeliveryError) throw new HttpError(404, { error: error.message });
        if (error instanceof z.ZodError) throw new HttpError(400, { error: "invalid input", issues: error.issues });
        throw error;
      }
      return true;
    }
    return false;
  }
}
