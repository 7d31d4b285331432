import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { JobsList } from "~/components/jobs/JobsList";
import database from "~/db.server";
import { listJobs } from "~/jobs/service.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { jobs: await listJobs(database, session.shop) };
};

export default function Jobs() {
  return <JobsList {...useLoaderData<typeof loader>()} />;
}
