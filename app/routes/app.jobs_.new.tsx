import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { JobStart } from "~/components/jobs/JobStart";
import database from "~/db.server";
import { parseInput, readFormFields, throwBadRequest } from "~/http/bad-request.server";
import { jobService } from "~/jobs/runtime.server";
import { jobRefusal } from "~/jobs/http.server";
import { estimateJob, startJob } from "~/jobs/service.server";
import { loadStartForm, startIntentSchema, startSelectionQuerySchema } from "~/jobs/start-form.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  let selection;
  try {
    selection = parseInput(startSelectionQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  } catch (error) {
    throwBadRequest(error);
  }
  return loadStartForm(admin, database, session.shop, selection);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const actor = session.onlineAccessInfo?.associated_user.id ? `user:${session.onlineAccessInfo.associated_user.id}` : "merchant";
  try {
    const { intent, payload } = parseInput(startIntentSchema, await readFormFields(request));
    if (intent === "estimate") return { intent, ok: true as const, answer: await estimateJob(jobService(), admin, session.shop, payload) };
    const job = await startJob(jobService(), admin, { shop: session.shop, actor, job: payload });
    return redirect(`/app/jobs/${job.id}`);
  } catch (error) {
    return jobRefusal(error);
  }
};

/** An estimate reads and changes nothing the page shows: its data stays as it is. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "estimate" ? false : defaultShouldRevalidate;

export default function NewJob() {
  return <JobStart {...useLoaderData<typeof loader>()} />;
}
