import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { JobsList } from "~/components/jobs/JobsList";
import database from "~/db.server";
import { parseInput, throwBadRequest } from "~/http/bad-request.server";
import { jobsListQuerySchema, loadJobsList } from "~/jobs/job-page.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  try {
    const query = parseInput(jobsListQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    return await loadJobsList(database, session.shop, query);
  } catch (error) {
    throwBadRequest(error);
  }
};

export default function Jobs() {
  return <JobsList {...useLoaderData<typeof loader>()} />;
}
