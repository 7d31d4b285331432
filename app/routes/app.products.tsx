import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CatalogBrowser } from "~/components/products/CatalogBrowser";
import { catalogFilterSchema, keepCatalogSyncGoing, queryCatalog, startCatalogSync } from "~/catalog/catalog-index.server";
import database from "~/db.server";
import { parseInput, throwBadRequest } from "~/http/bad-request.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  let filter;
  try {
    filter = parseInput(catalogFilterSchema, Object.fromEntries(new URL(request.url).searchParams));
  } catch (error) {
    throwBadRequest(error);
  }
  // First visit: index the catalog in the background (the page shows progress); a sync whose process died is taken over.
  await keepCatalogSyncGoing(admin, database, session.shop);
  return { ...(await queryCatalog(database, session.shop, filter)), filter };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  // Decided once the shop's sync row is claimed (or found running); the sync carries on in the background.
  const { started } = await startCatalogSync(admin, database, session.shop);
  return { started };
};

export default function Products() {
  return <CatalogBrowser {...useLoaderData<typeof loader>()} />;
}
