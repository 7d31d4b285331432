import { webhookAction } from "~/webhooks/route.server";

// Keeps the catalog index fresh when products change in Shopify admin.
export const action = webhookAction(["PRODUCTS_CREATE", "PRODUCTS_UPDATE", "PRODUCTS_DELETE"]);
