import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { jobErrorResponse, readJson } from "~/jobs/http.server";
import { jobService } from "~/jobs/runtime.server";
import { listJobs, startJob } from "~/jobs/service.server";
import { startJobInputSchema } from "~/jobs/types";
import { authenticate } from "~/shopify.server";

/** GET: the shop's jobs, newest first. POST {request, selection, mode}: estimate, reserve, start. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return Response.json({ jobs: await listJobs(jobService().database, session.shop) });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  if (request.method !== "POST") return Response.json({ ok: false, error: "method_not_allowed", errors: {}, params: {} }, { status: 405 });
  const actor = session.onlineAccessInfo?.associated_user.id ? `user:${session.onlineAccessInfo.associated_user.id}` : "merchant";
  try {
    const job = await readJson(request, startJobInputSchema);
    return Response.json({ ok: true, job: await startJob(jobService(), admin, { shop: session.shop, actor, job }) }, { status: 201 });
  } catch (error) {
    return jobErrorResponse(error);
  }
};
