import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { JobsList } from "~/components/jobs/JobsList";
import database from "~/db.server";
import { loadJobsList } from "~/jobs/job-page.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadJobsList(database, session.shop);
};

export default function Jobs() {
  return <JobsList {...useLoaderData<typeof loader>()} />;
}
