import type { AdminGraphql } from "~/catalog/admin-client.server";
import type { JobServiceDependencies } from "~/jobs/service.server";
import type { FlowActionRequest } from "./flow-action";
import { startAutomatedJob } from "./start-job.server";

/**
 * "Generate product copy" from a Flow workflow: one job for the product, queued and answered at once (Flow
 * waits seconds, the job takes longer). Flow retries a run with the same action_run_id for up to 24 hours,
 * so the run id is the job's origin key: exactly one job per run, even for two deliveries at once.
 */
export async function runFlowAction(
  deps: JobServiceDependencies,
  admin: AdminGraphql,
  shop: string,
  request: FlowActionRequest,
): Promise<{ jobId: string; duplicate: boolean }> {
  return startAutomatedJob(deps, admin, {
    shop,
    productIds: [request.productId],
    fields: request.fields,
    mode: request.mode,
    origin: { kind: "flow_action", key: `flow:${request.actionRunId}` },
    actor: "Shopify Flow",
  });
}
