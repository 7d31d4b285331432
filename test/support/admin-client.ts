import type { AdminGraphql } from "~/catalog/admin-client.server";
import { ADMIN_API_VERSION } from "~/shopify/api-version";
import type { RunningAdminEmulator } from "../../emulator/admin/server";

/** An Admin GraphQL client for one emulated shop, over real HTTP, shaped like the library's `admin`. */
export function emulatorAdminClient(emulator: RunningAdminEmulator, shop: string): AdminGraphql & { calls: string[]; shop: string } {
  const token = emulator.store.issueAccessToken(shop).token;
  const calls: string[] = [];
  return {
    calls,
    shop,
    async graphql(query, options) {
      calls.push(/(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "anonymous");
      return fetch(`${emulator.url}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "x-plume-emulator-shop": shop },
        body: JSON.stringify({ query, variables: options?.variables ?? {} }),
      });
    },
  };
}
