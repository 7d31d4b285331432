import type { LoaderFunctionArgs } from "@remix-run/node";
import { jobErrorResponse, parseParam } from "~/jobs/http.server";
import { jobService } from "~/jobs/runtime.server";
import { jobProgress } from "~/jobs/service.server";
import { FINISHED_JOB_STATUSES, jobIdSchema } from "~/jobs/types";
import { authenticate } from "~/shopify.server";

/** How often the stream sends the job's progress. */
const PROGRESS_INTERVAL_MS = 1_000;

/**
 * Server-sent events: a `progress` event with the job's progress every second while it runs,
 * a last one when it has finished, then the stream ends. Closing the page ends it too.
 */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { database } = jobService();
  let jobId: string;
  try {
    jobId = parseParam(jobIdSchema, params.id, "id");
    await jobProgress(database, session.shop, jobId);
  } catch (error) {
    return jobErrorResponse(error);
  }
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const closed = () => request.signal.aborted;
      while (!closed()) {
        const progress = await jobProgress(database, session.shop, jobId).catch(() => null);
        if (!progress) break;
        controller.enqueue(encoder.encode(`event: progress\ndata: ${JSON.stringify(progress)}\n\n`));
        if (FINISHED_JOB_STATUSES.includes(progress.status)) break;
        await new Promise((resolve) => setTimeout(resolve, PROGRESS_INTERVAL_MS));
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache", Connection: "keep-alive" } });
};
