#!/usr/bin/env node
// Copies Shopify's Admin GraphQL introspection for one API version out of the
// @shopify/dev-mcp npm package into shopify-schema/. Usage: node scripts/update-admin-schema.mjs 2026-10 [dev-mcp version]
import { execFileSync } from "node:child_process";
import { mkdtempSync, copyFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const version = process.argv[2];
const packageVersion = process.argv[3] ?? "1.16.0";
if (!/^\d{4}-\d{2}$/.test(version ?? "")) {
  console.error("usage: update-admin-schema.mjs <YYYY-MM> [dev-mcp version]");
  process.exit(2);
}
const work = mkdtempSync(path.join(tmpdir(), "plume-schema-"));
try {
  const tarball = execFileSync("npm", ["pack", `@shopify/dev-mcp@${packageVersion}`, "--silent"], { cwd: work }).toString().trim();
  const member = `package/dist/data/admin_${version}.json.gz`;
  execFileSync("tar", ["xzf", tarball, member], { cwd: work });
  const target = path.resolve("shopify-schema", `admin_${version}.json.gz`);
  copyFileSync(path.join(work, member), target);
  console.log(`wrote ${target}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
