import type { ActionFunctionArgs } from "@remix-run/node";
import { jobErrorResponse, readJson } from "~/jobs/http.server";
import { jobService } from "~/jobs/runtime.server";
import { estimateJob } from "~/jobs/service.server";
import { startJobInputSchema } from "~/jobs/types";
import { authenticate } from "~/shopify.server";

/** POST {request, selection, mode}: the estimate, and whether the budget would let the job start (with the numbers). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  try {
    const input = await readJson(request, startJobInputSchema);
    return Response.json({ ok: true, ...(await estimateJob(jobService(), admin, session.shop, input)) });
  } catch (error) {
    return jobErrorResponse(error);
  }
};
