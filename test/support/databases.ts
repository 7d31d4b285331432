import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase, type Database } from "~/db/client.server";
import { ensurePostgres } from "./services";

import { migrate } from "../../scripts/db.mjs";

export interface TestDatabase {
  kind: "sqlite" | "postgres";
  url: string;
  database: Database;
  close(): Promise<void>;
}

/** A fresh, migrated SQLite database in a temp folder. */
export async function freshSqlite(): Promise<TestDatabase> {
  const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "plume-db-")), "db.sqlite")}`;
  await migrate(url);
  const database = createDatabase(url);
  return { kind: "sqlite", url, database, close: () => database.$disconnect() };
}

/**
 * A fresh, migrated PostgreSQL schema (one per call, dropped on close), or
 * undefined with the reason when no server is reachable.
 */
export async function freshPostgres(): Promise<TestDatabase | { unavailable: string }> {
  const server = await ensurePostgres();
  if ("unavailable" in server) return server;
  const schema = `plume_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const url = `${server.url}?schema=${schema}`;
  await migrate(url);
  const database = createDatabase(url);
  return {
    kind: "postgres",
    url,
    database,
    close: async () => {
      await database.$executeRawUnsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await database.$disconnect();
    },
  };
}
