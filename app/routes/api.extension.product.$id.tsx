import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerExtension, methodNotAllowed } from "~/admin-extensions/http.server";
import { productActionSchema, productCopyView, productParamSchema, runProductAction } from "~/admin-extensions/product.server";
import database from "~/db.server";
import { parseParam, readJson } from "~/jobs/http.server";

/**
 * For the product page's action and block (extensions/plume-admin-product):
 * GET: pending proposals beside the current values; POST {intent: "generate"} with the shop's
 * settings, or {intent: "apply", proposalIds}. OPTIONS: the preflight's CORS answer.
 */
const productGid = (id: string | undefined) => `gid://shopify/Product/${parseParam(productParamSchema, id, "id")}`;

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  answerExtension(request, async ({ admin, shop }) => Response.json(await productCopyView(admin, database, shop, productGid(params.id))));

export const action = ({ request, params }: ActionFunctionArgs) =>
  answerExtension(request, async ({ admin, shop, actor }) => {
    if (request.method !== "POST") return methodNotAllowed();
    const productId = productGid(params.id);
    const action = await readJson(request, productActionSchema);
    return Response.json(await runProductAction(admin, database, { shop, productId, actor, action }));
  });
