import { refusalOf } from "~/jobs/http.server";
import { logger } from "~/observability/logger.server";
import { authenticate } from "~/shopify.server";
import type { ExtensionErrorBody } from "./contract";

/**
 * The edge of the routes the admin UI extensions call. Extensions run on Shopify's CDN
 * origin, so every answer needs CORS headers, the preflight included:
 * - OPTIONS: `authenticate.admin` answers it first (204 with the CORS headers, before any
 *   session or redirect logic), and we return that answer as it is;
 * - a request without a session token is refused here with 401 (the library would take it
 *   for a document load and redirect it to login, which a cross-origin fetch cannot follow);
 *   extension fetches always carry one, so only a broken caller gets this;
 * - a request the library refuses (a bad or expired session token: 401 with the reauthorize
 *   header) already carries the CORS headers the library adds to every answer it throws;
 * - everything else goes through the context's `cors()`: results, the service's typed
 *   refusals (400/404/409 with a code), and unexpected errors (500 with a code, logged).
 */
type AdminContext = Awaited<ReturnType<typeof authenticate.admin>>;

export interface ExtensionContext {
  admin: AdminContext["admin"];
  shop: string;
  actor: string;
}

export function errorBody(error: string, params: Record<string, string | number> = {}, errors: Record<string, string> = {}): ExtensionErrorBody {
  return { ok: false, error, errors, params };
}

/** The CORS headers the library's `cors()` sets, for the one answer given before it runs. */
const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Headers": "Authorization, Content-Type",
  "Access-Control-Expose-Headers": "X-Shopify-API-Request-Failure-Reauthorize-Url",
};

export async function answerExtension(request: Request, handle: (context: ExtensionContext) => Promise<Response>): Promise<Response> {
  if (request.method !== "OPTIONS" && !/^Bearer \S+$/.test(request.headers.get("Authorization") ?? "")) {
    return Response.json(errorBody("session"), { status: 401, headers: CORS_HEADERS });
  }
  let context: AdminContext;
  try {
    context = await authenticate.admin(request);
  } catch (thrown) {
    // The preflight's 204 and the library's refusals, CORS headers already set.
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  const { cors, session } = context;
  const actor = session.onlineAccessInfo?.associated_user.id ? `user:${session.onlineAccessInfo.associated_user.id}` : "merchant";
  try {
    return cors(await handle({ admin: context.admin, shop: session.shop, actor }));
  } catch (error) {
    if (error instanceof ExtensionRefusal) return cors(Response.json(errorBody(error.code, error.params), { status: error.status }));
    const refusal = refusalOf(error);
    if (refusal) return cors(Response.json(refusal.body satisfies ExtensionErrorBody, { status: refusal.status }));
    logger.error({ err: error, shop: session.shop, path: new URL(request.url).pathname }, "admin extension request failed");
    return cors(Response.json(errorBody("internal_error"), { status: 500 }));
  }
}

/** A method the route does not answer, as the extension reads it. */
export function methodNotAllowed(): Response {
  return Response.json(errorBody("method_not_allowed"), { status: 405 });
}

/** A request the extension's routes refuse on their own account (e.g. a product the shop does not have). */
export class ExtensionRefusal extends Error {
  override name = "ExtensionRefusal";
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`admin extension request refused: ${code}`);
  }
}
