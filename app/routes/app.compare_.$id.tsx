import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ComparisonPage } from "~/components/compare/ComparisonPage";
import { comparisonIntentSchema, runComparisonIntent } from "~/compare/page.server";
import { loadComparison } from "~/compare/service.server";
import { comparisonIdSchema } from "~/compare/types";
import database from "~/db.server";
import { parseInput, readFormFields, throwBadRequest } from "~/http/bad-request.server";
import { jobRefusal } from "~/jobs/http.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  let comparisonId: string;
  try {
    comparisonId = parseInput(comparisonIdSchema, params.id);
  } catch (error) {
    throwBadRequest(error);
  }
  const comparison = await loadComparison(database, session.shop, comparisonId);
  if (!comparison) throw Response.json({ ok: false, error: "unknown_comparison", errors: { id: "no such comparison in this shop" } }, { status: 404 });
  return { comparison };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const actor = session.onlineAccessInfo?.associated_user.id ? `user:${session.onlineAccessInfo.associated_user.id}` : "merchant";
  try {
    const comparisonId = parseInput(comparisonIdSchema, params.id);
    const { payload } = parseInput(comparisonIntentSchema, await readFormFields(request));
    const answer = await runComparisonIntent(admin, database, { shop: session.shop, actor, comparisonId, action: payload });
    if (answer.intent === "delete") return redirect("/app/compare");
    return answer;
  } catch (error) {
    return jobRefusal(error);
  }
};

export default function Comparison() {
  return <ComparisonPage {...useLoaderData<typeof loader>()} />;
}
