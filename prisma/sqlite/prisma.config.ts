import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";

// Prisma cannot download its Rust engines here: migrations run on the bundled
// WASM schema engine through the driver adapter (docs/decisions/0003).
const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  async adapter() {
    return new PrismaLibSQL({ url });
  },
});
