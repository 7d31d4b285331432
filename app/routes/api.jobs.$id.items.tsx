import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { jobErrorResponse, parseParam, readJson } from "~/jobs/http.server";
import { jobService } from "~/jobs/runtime.server";
import { editProposal, jobItems, reviewProposals } from "~/jobs/service.server";
import { itemsActionSchema, jobIdSchema, jobItemsQuerySchema } from "~/jobs/types";
import { authenticate } from "~/shopify.server";

/**
 * GET ?status=&page=: a page of the job's items with their proposals.
 * POST {decision, scope}: approve or reject proposals; POST {proposalId, value}: edit one (checked like generation).
 */
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
  const { admin, session } = await authenticate.admin(request);
  try {
    const jobId = parseParam(jobIdSchema, params.id, "id");
    const body = await readJson(request, itemsActionSchema);
    const { database } = jobService();
    if ("proposalId" in body) return Response.json(await editProposal(database, admin, { shop: session.shop, jobId, ...body }));
    return Response.json({ ok: true, ...(await reviewProposals(database, session.shop, jobId, body)) });
  } catch (error) {
    return jobErrorResponse(error);
  }
};
