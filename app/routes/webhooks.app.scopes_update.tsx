import { webhookAction } from "~/webhooks/route.server";

export const action = webhookAction(["APP_SCOPES_UPDATE"]);
