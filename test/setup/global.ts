import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { TEST_ENVIRONMENT } from "../support/environment";

/**
 * Runs once before all test files: a fresh SQLite database, migrated, and the
 * environment the app reads at boot. Workers inherit process.env.
 */
export default async function setup() {
  const directory = mkdtempSync(path.join(tmpdir(), "plume-test-"));
  const databaseUrl = `file:${path.join(directory, "test.sqlite")}`;
  Object.assign(process.env, TEST_ENVIRONMENT, { DATABASE_URL: databaseUrl });
  const { migrate, generateClients } = await import("../../scripts/db.mjs");
  generateClients();
  await migrate(databaseUrl);
  return () => rmSync(directory, { recursive: true, force: true });
}
