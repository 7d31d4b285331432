import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { z } from "zod";
import { ProductWorkspace } from "~/components/product/ProductWorkspace";
import { loadProductWorkspace, productIntentSchema, runProductIntent } from "~/copy/product-workflow.server";
import database from "~/db.server";
import { parseInput, readFormFields, throwBadRequest } from "~/http/bad-request.server";
import { authenticate } from "~/shopify.server";

const productIdSchema = z.string().regex(/^\d{1,20}$/, "a numeric product id");

/** The route's product id as a GID; a malformed one is a 400. */
function productIdFrom(param: string | undefined): string {
  return `gid://shopify/Product/${parseInput(productIdSchema, param)}`;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  let productId: string;
  try {
    productId = productIdFrom(params.id);
  } catch (error) {
    throwBadRequest(error);
  }
  return loadProductWorkspace(admin, database, session.shop, productId);
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const actor = session.onlineAccessInfo?.associated_user.id ? `user:${session.onlineAccessInfo.associated_user.id}` : "merchant";
  try {
    const productId = productIdFrom(params.id);
    const intent = parseInput(productIntentSchema, await readFormFields(request));
    return await runProductIntent(admin, database, { shop: session.shop, productId, actor, intent });
  } catch (error) {
    throwBadRequest(error);
  }
};

/** A description preview reads nothing and changes nothing: the page's data stays as it is. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "preview" ? false : defaultShouldRevalidate;

export default function ProductPage() {
  const data = useLoaderData<typeof loader>();
  return <ProductWorkspace {...data} />;
}
