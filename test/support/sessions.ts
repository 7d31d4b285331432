import type { Database } from "~/db/client.server";
import { TEST_ENVIRONMENT } from "./environment";

/** An installed shop: a valid expiring offline session, so no token exchange is needed. */
export async function installOfflineSession(database: Database, shop: string): Promise<void> {
  await database.session.create({
    data: {
      id: `offline_${shop}`,
      shop,
      state: "",
      isOnline: false,
      scope: TEST_ENVIRONMENT.SCOPES,
      accessToken: "shpat_offline_test",
      expires: new Date(Date.now() + 3600_000),
      refreshToken: "shprt_test",
      refreshTokenExpires: new Date(Date.now() + 30 * 86400_000),
    },
  });
}
