import { webhookAction } from "~/webhooks/route.server";

// A bulk mutation finished: the bulk write of a large auto-apply job waiting on it reads its result (docs/decisions/0021).
export const action = webhookAction(["BULK_OPERATIONS_FINISH"]);
