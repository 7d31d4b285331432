import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { UsagePage } from "~/components/usage/UsagePage";
import database from "~/db.server";
import { throwBadRequest } from "~/http/bad-request.server";
import { authenticate } from "~/shopify.server";
import { readUsageMonth } from "~/usage/query.server";
import { loadUsagePage } from "~/usage/page.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const now = new Date();
  let month: string;
  try {
    month = readUsageMonth(request, now);
  } catch (error) {
    throwBadRequest(error);
  }
  return loadUsagePage(database, session.shop, month, now);
};

export default function Usage() {
  return <UsagePage {...useLoaderData<typeof loader>()} />;
}
