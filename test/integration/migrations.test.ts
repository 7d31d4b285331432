import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient, type Client } from "@libsql/client";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ensurePostgres } from "../support/services";

import { renderSchema, schemaPath } from "../../scripts/prisma-schemas.mjs";
import { migrate } from "../../scripts/db.mjs";

/**
 * Prisma's WASM schema engine cannot diff a live database (see
 * docs/decisions/0003), so drift is checked by building the database twice —
 * once from the committed migrations, once from the schema itself
 * (`migrate diff --from-empty`) — and comparing the resulting structure.
 */
const root = path.resolve(import.meta.dirname, "../..");

function schemaScript(kind: "sqlite" | "postgres", databaseUrl: string): string {
  return execFileSync(
    process.execPath,
    [
      path.join(root, "node_modules/prisma/build/index.js"),
      "migrate",
      "diff",
      "--config",
      path.join(root, `prisma/${kind}/prisma.config.ts`),
      "--from-empty",
      "--to-schema-datamodel",
      path.join(root, `prisma/${kind}/schema.prisma`),
      "--script",
    ],
    { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "pipe", "pipe"] },
  ).toString();
}

const postgres = await ensurePostgres();
if ("unavailable" in postgres) console.log(`SKIP PostgreSQL migration checks: ${postgres.unavailable}`);
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe("schemas and migrations", () => {
  it("each provider's schema is the rendering of prisma/schema.source.prisma", () => {
    for (const kind of ["sqlite", "postgres"]) {
      expect(readFileSync(schemaPath(kind), "utf8"), `${kind} schema drifted: run node scripts/prisma-schemas.mjs`).toBe(renderSchema(kind));
    }
  });

  it("SQLite: the committed migrations build exactly what the schema describes", async () => {
    const directory = mkdtempSync(path.join(tmpdir(), "plume-drift-"));
    const fromMigrations = path.join(directory, "migrations.sqlite");
    const fromSchema = path.join(directory, "schema.sqlite");
    await migrate(`file:${fromMigrations}`);
    const schemaDatabase = createClient({ url: `file:${fromSchema}` });
    await schemaDatabase.executeMultiple(schemaScript("sqlite", `file:${fromSchema}`));
    const structure = async (database: Client) =>
      (
        await database.execute(
          "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND tbl_name <> '_prisma_migrations' ORDER BY name",
        )
      ).rows.map((row) => ({ ...row }));
    const migrationsDatabase = createClient({ url: `file:${fromMigrations}` });
    const expected = await structure(schemaDatabase);
    expect(expected.length).toBeGreaterThan(4);
    expect(await structure(migrationsDatabase)).toEqual(expected);
    migrationsDatabase.close();
    schemaDatabase.close();
  });

  it.skipIf("unavailable" in postgres)("PostgreSQL: the committed migrations build exactly what the schema describes", async () => {
    if ("unavailable" in postgres) return;
    const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const migrationsSchema = `plume_drift_m_${suffix}`;
    const schemaSchema = `plume_drift_s_${suffix}`;
    await migrate(`${postgres.url}?schema=${migrationsSchema}`);
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    cleanups.push(async () => {
      await client.query(`DROP SCHEMA IF EXISTS "${migrationsSchema}" CASCADE; DROP SCHEMA IF EXISTS "${schemaSchema}" CASCADE`);
      await client.end();
    });
    await client.query(`CREATE SCHEMA "${schemaSchema}"; SET search_path TO "${schemaSchema}"`);
    await client.query(schemaScript("postgres", postgres.url).replace('CREATE SCHEMA IF NOT EXISTS "public";', ""));
    const structure = async (schema: string) => {
      const columns = await client.query(
        `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
         WHERE table_schema = $1 AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name`,
        [schema],
      );
      const indexes = await client.query(
        `SELECT indexname, replace(indexdef, $1, 'S') AS definition FROM pg_indexes
         WHERE schemaname = $2 AND tablename <> '_prisma_migrations' ORDER BY indexname`,
        [`"${schema}".`, schema],
      );
      return { columns: columns.rows, indexes: indexes.rows.map((row) => ({ ...row, definition: String(row.definition).replace(`${schema}.`, "S.") })) };
    };
    const expected = await structure(schemaSchema);
    expect(expected.columns.length).toBeGreaterThan(10);
    expect(await structure(migrationsSchema)).toEqual(expected);
  });
});
