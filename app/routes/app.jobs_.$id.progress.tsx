import type { LoaderFunctionArgs } from "@remix-run/node";
import database from "~/db.server";
import { parseInput } from "~/http/bad-request.server";
import { throwJobRefusal } from "~/jobs/http.server";
import { jobIdSchema, loadLiveProgress } from "~/jobs/job-page.server";
import { authenticate } from "~/shopify.server";

/** The job's progress alone, polled by its page while the job moves (a resource route: no page). */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  try {
    const jobId = parseInput(jobIdSchema, params.id);
    return Response.json(await loadLiveProgress(database, session.shop, jobId), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    throwJobRefusal(error);
  }
};
