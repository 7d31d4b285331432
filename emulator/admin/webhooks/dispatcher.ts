/**
 * Delivers webhooks to the app the way Shopify does: a POST with the raw JSON
 * body and X-Shopify-* headers, signed with base64 HMAC-SHA256 of the body under
 * the app's secret. Only topics the app subscribed to are delivered. Every
 * delivery is recorded with each attempt's status; a redelivery reuses the
 * original X-Shopify-Webhook-Id, X-Shopify-Event-Id and body.
 *
 * Deliveries are asynchronous (Shopify never delivers inside the API call that
 * caused them); `settled()` lets tests wait for in-flight ones.
 */
import { createHmac, randomUUID } from "node:crypto";
import type { Logger } from "../logger";
import type { WebhookSubscription } from "../options";
import { isoDateTime } from "../time-format";
import type { JsonObject } from "./payloads";

/** Shopify waits five seconds for a webhook response before counting it as failed. */
const DELIVERY_TIMEOUT_MS = 5000;

export interface WebhookAttempt {
  readonly at: string;
  readonly status: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

export interface WebhookDelivery {
  readonly deliveryId: string;
  readonly webhookId: string;
  readonly eventId: string;
  readonly topic: string;
  readonly shop: string;
  readonly uri: string;
  readonly apiVersion: string;
  readonly triggeredAt: string;
  readonly body: string;
  readonly attempts: WebhookAttempt[];
}

export interface WebhookDispatcherConfig {
  readonly apiSecret: string;
  readonly apiVersion: string;
  readonly appUrl: string | undefined;
  readonly subscriptions: readonly WebhookSubscription[];
  readonly now: () => number;
  readonly logger: Logger;
}

export class UnknownDeliveryError extends Error {
  override readonly name = "UnknownDeliveryError";
  constructor(readonly deliveryId: string) {
    super(`No webhook delivery with id ${deliveryId}`);
  }
}

export function webhookHmac(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export class WebhookDispatcher {
  private readonly deliveries: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly config: WebhookDispatcherConfig) {}

  isSubscribed(topic: string): boolean {
    return this.config.subscriptions.some((subscription) => subscription.topic === topic);
  }

  /** Records and sends `payload` to every subscription for `topic`; returns the deliveries. */
  trigger(shop: string, topic: string, payload: JsonObject): WebhookDelivery[] {
    const body = JSON.stringify(payload);
    const eventId = randomUUID();
    const triggeredAt = isoDateTime(this.config.now());
    const created: WebhookDelivery[] = [];
    for (const subscription of this.config.subscriptions) {
      if (subscription.topic !== topic) continue;
      const delivery: WebhookDelivery = {
        deliveryId: randomUUID(),
        webhookId: randomUUID(),
        eventId,
        topic,
        shop,
        uri: subscription.uri,
        apiVersion: this.config.apiVersion,
        triggeredAt,
        body,
        attempts: [],
      };
      this.deliveries.push(delivery);
      created.push(delivery);
      this.track(this.attempt(delivery));
    }
    return created;
  }

  redeliver(deliveryId: string): WebhookDelivery {
    const delivery = this.deliveries.find((candidate) => candidate.deliveryId === deliveryId);
    if (!delivery) throw new UnknownDeliveryError(deliveryId);
    this.track(this.attempt(delivery));
    return delivery;
  }

  list(filter: { shop?: string | undefined; topic?: string | undefined } = {}): WebhookDelivery[] {
    return this.deliveries.filter((delivery) => (!filter.shop || delivery.shop === filter.shop) && (!filter.topic || delivery.topic === filter.topic));
  }

  /** Resolves once every delivery started so far has finished (successfully or not). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  clear(): void {
    this.deliveries.length = 0;
  }

  private track(promise: Promise<void>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }

  private resolveUri(uri: string): string | null {
    if (/^https?:\/\//.test(uri)) return uri;
    if (!this.config.appUrl) return null;
    return new URL(uri, this.config.appUrl.endsWith("/") ? this.config.appUrl : `${this.config.appUrl}/`).toString();
  }

  private async attempt(delivery: WebhookDelivery): Promise<void> {
    const startedAt = Date.now();
    const at = isoDateTime(this.config.now());
    const target = this.resolveUri(delivery.uri);
    if (!target) {
      delivery.attempts.push({ at, status: null, error: "no appUrl configured to resolve a relative webhook uri", durationMs: 0 });
      this.config.logger.warn("webhook not delivered: relative uri without appUrl", { topic: delivery.topic, uri: delivery.uri });
      return;
    }
    try {
      const response = await fetch(target, {
        method: "POST",
        body: delivery.body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Topic": delivery.topic,
          "X-Shopify-Hmac-Sha256": webhookHmac(delivery.body, this.config.apiSecret),
          "X-Shopify-Shop-Domain": delivery.shop,
          "X-Shopify-API-Version": delivery.apiVersion,
          "X-Shopify-Webhook-Id": delivery.webhookId,
          "X-Shopify-Event-Id": delivery.eventId,
          "X-Shopify-Triggered-At": delivery.triggeredAt,
          "User-Agent": "Shopify-Captain-Hook",
        },
      });
      // Drain the body so the socket is released.
      await response.arrayBuffer().catch(() => undefined);
      delivery.attempts.push({ at, status: response.status, error: null, durationMs: Date.now() - startedAt });
      this.config.logger.debug("webhook delivered", { topic: delivery.topic, status: response.status, target });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      delivery.attempts.push({ at, status: null, error: message, durationMs: Date.now() - startedAt });
      this.config.logger.warn("webhook delivery failed", { topic: delivery.topic, target, error: message });
    }
  }
}
