import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { bulkForm, bulkStart, readBulkJob } from "~/admin-extensions/bulk.server";
import { answerExtension, methodNotAllowed } from "~/admin-extensions/http.server";
import { jobService } from "~/jobs/runtime.server";

/**
 * For the product list's selection action (extensions/plume-admin-bulk):
 * GET: the choices a job takes with the shop's defaults; POST {request, selection, mode}: start the job (201).
 * OPTIONS (the extension's preflight) is answered with CORS headers before anything else.
 */
export const loader = ({ request }: LoaderFunctionArgs) =>
  answerExtension(request, async ({ admin, shop }) => Response.json(await bulkForm(admin, jobService().database, shop)));

export const action = ({ request }: ActionFunctionArgs) =>
  answerExtension(request, async ({ admin, shop, actor }) => {
    if (request.method !== "POST") return methodNotAllowed();
    const job = await readBulkJob(request);
    return Response.json(await bulkStart(jobService(), admin, { shop, actor, job }), { status: 201 });
  });
