import { createRequire } from "node:module";
import { PrismaClient } from "@prisma/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import type { Client, Config } from "@libsql/client";
import { createSqliteClient } from "./sqlite-connection.server";

/**
 * One Prisma client per process, for SQLite (default) or PostgreSQL, chosen by
 * DATABASE_URL. SQLite is opened through libSQL, whose prebuilt N-API binary
 * needs no compiler and loads under any Node ABI (docs/decisions/0008).
 * Prisma fixes the provider per generated client, so PostgreSQL
 * uses a second client generated from the same source schema into
 * .prisma/client-postgres (scripts/prisma-schemas.mjs); both expose the same
 * models, so the app types against one.
 */
export type Database = PrismaClient;

export function databaseKindOf(url: string): "sqlite" | "postgres" {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  throw new Error("DATABASE_URL must be a file: or postgresql:// URL");
}

/**
 * The most bound values one SQLite statement takes in libSQL (SQLITE_MAX_VARIABLE_NUMBER: 32766; 32767 answers "too many
 * SQL variables"). Prisma assumes SQLite's old limit of 999 when the adapter does not say, and then refuses a query such
 * as `id: { in: [...] }` over 1,000 ids ("The query parameter limit supported by your database is exceeded") — a bulk
 * write of 500 products failed on it. The libSQL adapter does not say, so ours does.
 */
const SQLITE_MAX_BIND_VALUES = 32_766;

/** Prisma's libSQL adapter over our one-connection SQLite client (sqlite-connection.server.ts), stating libSQL's bind limit. */
class PlumeLibSQL extends PrismaLibSQL {
  override createClient(config: Config): Client {
    return createSqliteClient(config);
  }

  override async connect() {
    const adapter = await super.connect();
    return Object.assign(adapter, { getConnectionInfo: () => ({ supportsRelationJoins: false, maxBindValues: SQLITE_MAX_BIND_VALUES }) });
  }
}

export function createDatabase(url: string): Database {
  if (databaseKindOf(url) === "sqlite") {
    return new PrismaClient({ adapter: new PlumeLibSQL({ url }) });
  }
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? undefined;
  parsed.searchParams.delete("schema");
  const require = createRequire(import.meta.url);
  const { PrismaClient: PostgresClient } = require(".prisma/client-postgres") as { PrismaClient: new (options: unknown) => Database };
  // The search_path makes raw SQL (used for single-pass aggregates) see the same schema as Prisma's queries.
  const options = schema ? `-c search_path="${schema.replaceAll('"', '""')}"` : undefined;
  return new PostgresClient({ adapter: new PrismaPg({ connectionString: parsed.toString(), ...(options ? { options } : {}) }, { schema }) });
}
