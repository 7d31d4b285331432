import type { ActionFunctionArgs } from "@remix-run/node";
import { handleFlowActionRequest } from "~/automation/flow-request.server";
import { jobService } from "~/jobs/runtime.server";
import { authenticate } from "~/shopify.server";

// Shopify Flow's "Generate product copy" action (extensions/plume-flow-generate): signed by Flow, not by a session token.
export const action = async ({ request }: ActionFunctionArgs) => handleFlowActionRequest(request, authenticate.flow, jobService);
