import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { CompareStart } from "~/components/compare/CompareStart";
import { compareQuerySchema, compareStartIntentSchema, loadCompareStart, runCompareStartIntent } from "~/compare/page.server";
import database from "~/db.server";
import { parseInput, readFormFields, throwBadRequest } from "~/http/bad-request.server";
import { jobRefusal } from "~/jobs/http.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  let query;
  try {
    query = parseInput(compareQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  } catch (error) {
    throwBadRequest(error);
  }
  return loadCompareStart(admin, database, session.shop, query);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const actor = session.onlineAccessInfo?.associated_user.id ? `user:${session.onlineAccessInfo.associated_user.id}` : "merchant";
  try {
    const intent = parseInput(compareStartIntentSchema, await readFormFields(request));
    const answer = await runCompareStartIntent(admin, database, { shop: session.shop, actor, intent });
    if (answer.intent === "start") return redirect(`/app/compare/${answer.id}`);
    return { ok: true as const, estimate: answer.estimate };
  } catch (error) {
    return jobRefusal(error);
  }
};

/** An estimate reads and changes nothing the page shows. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => (formData?.get("intent") === "estimate" ? false : defaultShouldRevalidate);

export default function Compare() {
  return <CompareStart {...useLoaderData<typeof loader>()} />;
}
