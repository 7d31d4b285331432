import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { jobErrorResponse, parseParam, readJson } from "~/jobs/http.server";
import { jobService } from "~/jobs/runtime.server";
import { applyApproved, cancelJob, jobProgress, pauseJob, resumeJob, retryFailed } from "~/jobs/service.server";
import { jobControlSchema, jobIdSchema } from "~/jobs/types";
import { authenticate } from "~/shopify.server";

/** GET: the job's progress (poll it, or read /events). POST {action}: pause, resume, cancel, retry_failed, apply_approved. */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  try {
    const jobId = parseParam(jobIdSchema, params.id, "id");
    return Response.json(await jobProgress(jobService().database, session.shop, jobId));
  } catch (error) {
    return jobErrorResponse(error);
  }
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  try {
    const jobId = parseParam(jobIdSchema, params.id, "id");
    const { action: control } = await readJson(request, jobControlSchema);
    const service = jobService();
    const run = { pause: pauseJob, resume: resumeJob, cancel: cancelJob, retry_failed: retryFailed, apply_approved: applyApproved }[control];
    return Response.json({ ok: true, job: await run(service, session.shop, jobId) });
  } catch (error) {
    return jobErrorResponse(error);
  }
};
