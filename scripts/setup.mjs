#!/usr/bin/env node
// Everything a fresh clone needs before it runs: per-provider Prisma schemas
// checked against their source, both Prisma clients generated, and (unless
// --generate-only) the database at DATABASE_URL (default: prisma/dev.sqlite) migrated.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { DEFAULT_DATABASE_URL, generateClients, migrate, root } from "./db.mjs";

const generateOnly = process.argv.includes("--generate-only");
const started = Date.now();

execFileSync(process.execPath, [path.join(root, "scripts", "prisma-schemas.mjs"), "--check"], { stdio: "inherit" });
generateClients();
if (!generateOnly) {
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  await migrate(databaseUrl);
}
console.log(`setup: ready in ${((Date.now() - started) / 1000).toFixed(1)} s${generateOnly ? " (clients generated)" : ""}`);
