// Which database a DATABASE_URL names, and how to migrate it. Used by setup,
// the demo, and tests. SQLite uses `prisma migrate deploy` on the bundled WASM
// schema engine; PostgreSQL applies the same committed migration files itself
// because Prisma 6.19's WASM engine cannot read PostgreSQL's `name` type
// through @prisma/adapter-pg (prisma/orm#27403) — see docs/decisions/0003.
import { execFileSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_DATABASE_URL = `file:${path.join(root, "prisma", "dev.sqlite")}`;

/** @param {string} url @returns {"sqlite" | "postgres"} */
export function databaseKind(url) {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  throw new Error(`DATABASE_URL must be a file: (SQLite) or postgresql:// URL, got "${url.split(":")[0]}:"`);
}

function prismaCli(kind, args, databaseUrl) {
  execFileSync(
    process.execPath,
    [path.join(root, "node_modules", "prisma", "build", "index.js"), ...args, "--config", path.join(root, "prisma", kind, "prisma.config.ts")],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" } },
  );
}

/** Generates both Prisma clients (SQLite into .prisma/client, PostgreSQL into .prisma/client-postgres). */
export function generateClients() {
  prismaCli("sqlite", ["generate"], DEFAULT_DATABASE_URL);
  prismaCli("postgres", ["generate"], "postgresql://localhost:5432/unused");
}

export function migrationDirectories(kind) {
  const directory = path.join(root, "prisma", kind, "migrations");
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, file: path.join(directory, name, "migration.sql") }))
    .filter((migration) => existsSync(migration.file));
}

/** Applies pending migrations to the database at `databaseUrl`. Returns the names applied. */
export async function migrate(databaseUrl) {
  const kind = databaseKind(databaseUrl);
  if (kind === "sqlite") {
    prismaCli("sqlite", ["migrate", "deploy"], databaseUrl);
    return;
  }
  await migratePostgres(databaseUrl);
}

async function migratePostgres(databaseUrl) {
  const { default: pg } = await import("pg");
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get("schema") ?? "public";
  url.searchParams.delete("schema");
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const quoted = `"${schema.replaceAll('"', '""')}"`;
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await client.query(`SET search_path TO ${quoted}`);
    // Same table Prisma Migrate keeps, so `prisma migrate deploy` can take over
    // once the engine bug is fixed.
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    // One migrator at a time per database.
    await client.query("SELECT pg_advisory_lock(72707369)");
    const applied = new Set(
      (await client.query(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`)).rows.map(
        (row) => row.migration_name,
      ),
    );
    for (const migration of migrationDirectories("postgres")) {
      if (applied.has(migration.name)) continue;
      const sql = readFileSync(migration.file, "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      await client.query("BEGIN");
      try {
        // The generated file starts with CREATE SCHEMA "public"; inside a named schema that is harmless.
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), checksum, migration.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
    await client.query("SELECT pg_advisory_unlock(72707369)");
  } finally {
    await client.end();
  }
}
