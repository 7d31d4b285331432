#!/usr/bin/env node
// Writes the per-provider Prisma schemas from prisma/schema.source.prisma.
// `--check` exits 1 if a written schema differs from what it would write.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const PROVIDERS = {
  sqlite: { provider: "sqlite", output: "../../node_modules/.prisma/client" },
  postgres: { provider: "postgresql", output: "../../node_modules/.prisma/client-postgres" },
};

export function renderSchema(kind) {
  const source = readFileSync(path.join(root, "prisma/schema.source.prisma"), "utf8");
  const { provider, output } = PROVIDERS[kind];
  const header = `// GENERATED from prisma/schema.source.prisma by scripts/prisma-schemas.mjs — edit the source.\n`;
  return header + source.replace("__PROVIDER__", provider).replace("__OUTPUT__", output);
}

export function schemaPath(kind) {
  return path.join(root, "prisma", kind, "schema.prisma");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const check = process.argv.includes("--check");
  let drift = false;
  for (const kind of Object.keys(PROVIDERS)) {
    const wanted = renderSchema(kind);
    const file = schemaPath(kind);
    const current = existsSync(file) ? readFileSync(file, "utf8") : "";
    if (current === wanted) continue;
    if (check) {
      console.error(`${path.relative(root, file)} is out of date: run node scripts/prisma-schemas.mjs`);
      drift = true;
    } else {
      writeFileSync(file, wanted);
      console.log(`wrote ${path.relative(root, file)}`);
    }
  }
  process.exit(drift ? 1 : 0);
}
