import type { LoaderFunctionArgs } from "@remix-run/node";
import database from "~/db.server";
import { parseInput } from "~/http/bad-request.server";
import { jobCsvStream } from "~/jobs/export.server";
import { throwJobRefusal } from "~/jobs/http.server";
import { jobIdSchema } from "~/jobs/types";
import { authenticate } from "~/shopify.server";

/** The job's items and proposals as a CSV download, streamed (a resource route: no page). */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  try {
    const jobId = parseInput(jobIdSchema, params.id);
    const body = await jobCsvStream(database, session.shop, jobId);
    return new Response(body, {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="plume-job-${jobId}.csv"`, "Cache-Control": "no-store" },
    });
  } catch (error) {
    throwJobRefusal(error);
  }
};
