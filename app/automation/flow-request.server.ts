import { env } from "~/config/env.server";
import { fieldErrors } from "~/http/bad-request.server";
import { refusalOf } from "~/jobs/http.server";
import type { JobServiceDependencies } from "~/jobs/service.server";
import { logger } from "~/observability/logger.server";
import type { authenticate } from "~/shopify.server";
import { flowActionPayloadSchema, flowActionRequest } from "./flow-action";
import { runFlowAction } from "./flow-action.server";
import { hasValidFlowSignature } from "./flow-signature.server";

/** Largest action body read: Flow's payloads are small (ids and a few settings). */
const MAX_FLOW_BODY_BYTES = 64 * 1024;

const reply = (status: number, body: Record<string, unknown>) => Response.json(body, { status });

/**
 * The Flow action's edge: signature (401), body (400 with the reason), `authenticate.flow` (the library's HMAC check
 * and the shop's offline session), then one call. Answers 200 with the job id, the same job for a retried run.
 */
export async function handleFlowActionRequest(request: Request, authenticateFlow: typeof authenticate.flow, jobs: () => JobServiceDependencies): Promise<Response> {
  if (request.method !== "POST") return reply(405, { ok: false, error: "method_not_allowed" });
  if (Number(request.headers.get("content-length") ?? "0") > MAX_FLOW_BODY_BYTES) return reply(400, { ok: false, error: "body_too_large" });
  const rawBody = await request.clone().text();
  if (rawBody.length > MAX_FLOW_BODY_BYTES) return reply(400, { ok: false, error: "body_too_large" });
  if (!hasValidFlowSignature(rawBody, request.headers.get("X-Shopify-Hmac-Sha256"), env().SHOPIFY_API_SECRET)) {
    return reply(401, { ok: false, error: "invalid_signature" });
  }
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return reply(400, { ok: false, error: "invalid_json" });
  }
  const parsed = flowActionPayloadSchema.safeParse(body);
  if (!parsed.success) return reply(400, { ok: false, error: "invalid_input", errors: fieldErrors(parsed.error) });
  let context: Awaited<ReturnType<typeof authenticateFlow>>;
  try {
    context = await authenticateFlow(request);
  } catch (thrown) {
    // Signed and well-formed, so the library's 400 means it found no offline session: the app is not installed there.
    if (thrown instanceof Response && thrown.status === 400) return reply(400, { ok: false, error: "shop_not_installed" });
    throw thrown;
  }
  const shop = context.session.shop;
  if (shop !== parsed.data.shopify_domain) return reply(400, { ok: false, error: "invalid_input", errors: { shopify_domain: "does not match the session" } });
  try {
    const outcome = await runFlowAction(jobs(), context.admin, shop, flowActionRequest(parsed.data));
    logger.info({ shop, actionRunId: parsed.data.action_run_id, ...outcome }, outcome.duplicate ? "flow action run already has its job" : "flow action queued a job");
    return reply(200, { ok: true, ...outcome });
  } catch (error) {
    // A refusal (budget, unpriced model, unknown backend) is final for this run: Flow shows it and does not retry a 4xx.
    const refusal = refusalOf(error);
    if (refusal) return reply(refusal.status === 404 ? 400 : refusal.status, { ...refusal.body });
    throw error;
  }
}
