import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// Prisma cannot download its Rust engines here: migrations run on the bundled
// WASM schema engine through the driver adapter (docs/decisions/0003).
const url = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test");
// node-postgres ignores Prisma's `?schema=` parameter; the adapter takes it apart.
const schema = url.searchParams.get("schema") ?? undefined;
url.searchParams.delete("schema");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  async adapter() {
    return new PrismaPg({ connectionString: url.toString() }, { schema });
  },
});
