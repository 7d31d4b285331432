import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { JobDetail } from "~/components/jobs/JobDetail";
import database from "~/db.server";
import { parseInput, readFormFields } from "~/http/bad-request.server";
import { jobService } from "~/jobs/runtime.server";
import { throwJobRefusal } from "~/jobs/http.server";
import { jobIdSchema, jobPageIntentSchema, jobPageRefusal, jobPageQuerySchema, loadJobPage, runJobPageIntent } from "~/jobs/job-page.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  try {
    const jobId = parseInput(jobIdSchema, params.id);
    const query = parseInput(jobPageQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    return await loadJobPage(admin, database, session.shop, jobId, query);
  } catch (error) {
    throwJobRefusal(error);
  }
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const actor = session.onlineAccessInfo?.associated_user.id ? `user:${session.onlineAccessInfo.associated_user.id}` : "merchant";
  try {
    const jobId = parseInput(jobIdSchema, params.id);
    const intent = parseInput(jobPageIntentSchema, await readFormFields(request));
    return { ok: true as const, ...(await runJobPageIntent(jobService(), admin, { shop: session.shop, jobId, actor, intent })) };
  } catch (error) {
    return jobPageRefusal(error);
  }
};

export default function JobPage() {
  return <JobDetail {...useLoaderData<typeof loader>()} />;
}
