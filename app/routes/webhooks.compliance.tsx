import { webhookAction } from "~/webhooks/route.server";

// Shopify's mandatory compliance topics share one endpoint (shopify.app.toml `compliance_topics`).
export const action = webhookAction(["CUSTOMERS_DATA_REQUEST", "CUSTOMERS_REDACT", "SHOP_REDACT"]);
