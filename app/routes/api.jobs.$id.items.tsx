import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { jobErrorResponse, parseParam, readJson } from "~/jobs/http.server";
import { jobService } from "~/jobs/runtime.server";
import { jobItems, reviewProposals } from "~/jobs/service.server";
import { jobIdSchema, jobItemsQuerySchema, reviewDecisionSchema } from "~/jobs/types";
import { authenticate } from "~/shopify.server";

/** GET ?status=&page=: a page of the job's items with their proposals. POST {decision, scope}: approve or reject proposals. */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  try {
    const jobId = parseParam(jobIdSchema, params.id, "id");
    const query = parseParam(jobItemsQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "query");
    return Response.json(await jobItems(jobService().database, session.shop, jobId, query));
  } catch (error) {
    return jobErrorResponse(error);
  }
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  try {
    const jobId = parseParam(jobIdSchema, params.id, "id");
    const decision = await readJson(request, reviewDecisionSchema);
    return Response.json({ ok: true, ...(await reviewProposals(jobService().database, session.shop, jobId, decision)) });
  } catch (error) {
    return jobErrorResponse(error);
  }
};
