import { env } from "~/config/env.server";
import { createDatabase, type Database } from "~/db/client.server";

declare global {
  var plumeDatabase: Database | undefined;
}

// Reused across Vite dev-server reloads so connections are not leaked.
const database: Database = globalThis.plumeDatabase ?? createDatabase(env().DATABASE_URL);
if (env().NODE_ENV !== "production") globalThis.plumeDatabase = database;

export default database;
