import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CatalogBrowser } from "~/components/products/CatalogBrowser";
import { catalogFilterSchema, queryCatalog, startCatalogSync } from "~/catalog/catalog-index.server";
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
  const result = await queryCatalog(database, session.shop, filter);
  // First visit: index the catalog in the background; the page shows progress.
  if (!result.sync) {
    void startCatalogSync(admin, database, session.shop);
    return { ...result, filter, sync: { status: "running", productCount: 0, finishedAt: null, error: null } };
  }
  return { ...result, filter };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  void startCatalogSync(admin, database, session.shop);
  return { started: true };
};

export default function Products() {
  return <CatalogBrowser {...useLoaderData<typeof loader>()} />;
}
