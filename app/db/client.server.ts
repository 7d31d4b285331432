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

/** Prisma's libSQL adapter over our one-connection SQLite client (sqlite-connection.server.ts). */
class PlumeLibSQL extends PrismaLibSQL {
  override createClient(config: Config): Client {
    return createSqliteClient(config);
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
