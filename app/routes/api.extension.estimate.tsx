import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { bulkEstimate, readBulkJob } from "~/admin-extensions/bulk.server";
import { answerExtension, methodNotAllowed } from "~/admin-extensions/http.server";
import { jobService } from "~/jobs/runtime.server";

/**
 * POST {request, selection, mode}: the estimate (cost, duration) for the selection action, and
 * whether the budget would let the job start, with the numbers. OPTIONS: the preflight's CORS answer.
 */
export const loader = ({ request }: LoaderFunctionArgs) => answerExtension(request, async () => methodNotAllowed());

export const action = ({ request }: ActionFunctionArgs) =>
  answerExtension(request, async ({ admin, shop }) => {
    if (request.method !== "POST") return methodNotAllowed();
    const input = await readBulkJob(request);
    return Response.json(await bulkEstimate(jobService(), admin, shop, input));
  });
