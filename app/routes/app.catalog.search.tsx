import type { LoaderFunctionArgs } from "@remix-run/node";
import { catalogPickQuerySchema, searchCatalogToPick } from "~/catalog/catalog-pick.server";
import database from "~/db.server";
import { parseInput, throwBadRequest } from "~/http/bad-request.server";
import { authenticate } from "~/shopify.server";

/** The Compare page's product picker: a page of the shop's catalog index matching a title or vendor (data only, no page). */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  let query;
  try {
    query = parseInput(catalogPickQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  } catch (error) {
    throwBadRequest(error);
  }
  return searchCatalogToPick(database, session.shop, query);
};
