import type { AdminGraphql } from "~/catalog/admin-client.server";
import type { Database } from "~/db/client.server";
import { JobBudgetError, JobRequestError, JobUnpricedModelError } from "~/jobs/errors";
import type { JobServiceDependencies } from "~/jobs/service.server";
import { logger } from "~/observability/logger.server";
import { loadNewProductAutomation } from "./settings";
import { forgetSkip, recordSkip, skipReasonOf } from "./skips.server";
import { startAutomatedJob } from "./start-job.server";

export type NewProductOutcome = { kind: "off" } | { kind: "started" | "already_started"; jobId: string } | { kind: "refused"; code: string };

/**
 * products/create → "write copy for new products", when the shop turned it on. Only products/create starts it:
 * Plume's own writes come back as products/update, which never does, so the automation cannot feed itself.
 * The product id is the job's origin key: a redelivered webhook (same or new delivery id) finds the job it
 * started. A refusal (the month's budget, an unpriced model, a backend no longer usable) is the answer, not
 * retried, and recorded with its reason for the Settings page; any other failure is recorded too, then thrown so
 * the delivery is released and Shopify delivers it again (a later start removes the record).
 */
export async function onProductCreated(jobs: () => JobServiceDependencies, admin: AdminGraphql, database: Database, shop: string, productId: string, title?: string): Promise<NewProductOutcome> {
  const automation = await loadNewProductAutomation(database, shop);
  if (!automation.enabled) return { kind: "off" };
  const product = { id: productId, title };
  try {
    // The job service (and with it this process's runner) only once there is a job to start.
    const { jobId, duplicate } = await startAutomatedJob(jobs(), admin, {
      shop,
      productIds: [productId],
      fields: automation.fields,
      mode: automation.mode,
      origin: { kind: "new_product", key: `new-product:${productId}` },
      actor: "Plume automation (new products)",
      writePolicy: automation.writePolicy,
      ...(automation.model ? { model: automation.model } : {}),
    });
    await forgetSkip(database, shop, productId);
    logger.info({ shop, productId, jobId, duplicate }, duplicate ? "new product already has its job" : "new product: job started");
    return { kind: duplicate ? "already_started" : "started", jobId };
  } catch (error) {
    if (error instanceof JobBudgetError || error instanceof JobUnpricedModelError || error instanceof JobRequestError) {
      logger.warn({ shop, productId, refusal: error.code }, "new product: no job started (refused)");
      await recordSkip(database, shop, product, skipReasonOf(error.code));
      return { kind: "refused", code: error.code };
    }
    // The delivery will be retried; until then the merchant sees that this product is waiting. A failure to
    // record it is logged and never hides the original error.
    await recordSkip(database, shop, product, "error").catch((recordError: unknown) =>
      logger.error({ shop, productId, error: recordError instanceof Error ? recordError.message : String(recordError) }, "new product: the failure could not be recorded"),
    );
    throw error;
  }
}
