import type { LoaderFunctionArgs } from "@remix-run/node";
import database from "~/db.server";
import { throwBadRequest } from "~/http/bad-request.server";
import { authenticate } from "~/shopify.server";
import { ledgerCsvStream } from "~/usage/export.server";
import { readUsageMonth } from "~/usage/query.server";

/** The month's usage ledger as a CSV download, streamed (a resource route: no page). */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  let month: string;
  try {
    month = readUsageMonth(request, new Date());
  } catch (error) {
    throwBadRequest(error);
  }
  return new Response(ledgerCsvStream(database, session.shop, month), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="plume-usage-${month}.csv"`, "Cache-Control": "no-store" },
  });
};
