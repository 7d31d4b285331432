import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ProductWorkspace } from "~/components/product/ProductWorkspace";
import {
  applyProposals,
  applyRequestSchema,
  discardProposal,
  generateForProduct,
  generateRequestSchema,
  loadProductWorkspace,
  revertAndReindex,
} from "~/copy/product-workflow.server";
import database from "~/db.server";
import { authenticate } from "~/shopify.server";

const productIdFromParam = (param: string | undefined) => `gid://shopify/Product/${z.string().regex(/^\d+$/).parse(param)}`;

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  return loadProductWorkspace(admin, database, session.shop, productIdFromParam(params.id));
};

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("generate"), payload: z.string() }),
  z.object({ intent: z.literal("apply"), payload: z.string() }),
  z.object({ intent: z.literal("discard"), proposalId: z.string().min(1) }),
  z.object({ intent: z.literal("revert"), revisionId: z.string().min(1) }),
]);

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const productId = productIdFromParam(params.id);
  const form = actionSchema.parse(Object.fromEntries(await request.formData()));
  const actor = session.onlineAccessInfo?.associated_user.id ? `user:${session.onlineAccessInfo.associated_user.id}` : "merchant";
  switch (form.intent) {
    case "generate":
      return { intent: form.intent, generate: await generateForProduct(admin, database, session.shop, productId, generateRequestSchema.parse(JSON.parse(form.payload))) };
    case "apply":
      return { intent: form.intent, apply: await applyProposals(admin, database, session.shop, productId, applyRequestSchema.parse(JSON.parse(form.payload)), actor) };
    case "discard":
      await discardProposal(database, session.shop, form.proposalId);
      return { intent: form.intent };
    case "revert":
      await revertAndReindex(admin, database, { shop: session.shop, revisionId: form.revisionId, actor });
      return { intent: form.intent };
  }
};

export default function ProductPage() {
  const data = useLoaderData<typeof loader>();
  return <ProductWorkspace {...data} />;
}
