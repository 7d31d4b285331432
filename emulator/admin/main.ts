/**
 * CLI: `tsx emulator/admin/main.ts --port 4100 --products 250 --shop plume-demo.myshopify.com`
 *
 * Reads SHOPIFY_API_KEY / SHOPIFY_API_SECRET (dev defaults otherwise) and
 * SHOPIFY_SCOPES, prints the URL, and stops cleanly on SIGINT / SIGTERM.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { logLevelSchema } from "./options";
import { startAdminEmulator } from "./server";
import { planSchema } from "./throttle";

const DEV_API_KEY = "plume-dev-api-key";
const DEV_API_SECRET = "plume-dev-api-secret";
const DEV_SCOPES = "read_products,write_products,read_files,write_files,read_translations,write_translations,read_locales";

const environmentSchema = z.object({
  SHOPIFY_API_KEY: z.string().min(1).default(DEV_API_KEY),
  SHOPIFY_API_SECRET: z.string().min(1).default(DEV_API_SECRET),
  SHOPIFY_SCOPES: z.string().min(1).default(DEV_SCOPES),
});

const argumentsSchema = z.object({
  host: z.string().default("127.0.0.1"),
  port: z.coerce.number().int().min(0).max(65535).default(4100),
  shop: z.array(z.string()).default(["plume-demo.myshopify.com"]),
  products: z.coerce.number().int().min(0).default(250),
  seed: z.coerce.number().int().default(1),
  plan: planSchema.default("standard"),
  "app-url": z.url().optional(),
  webhook: z
    .array(z.string().regex(/^[a-z_]+\/[a-z_]+=.+$/, "use --webhook topic=uri, e.g. products/update=/webhooks/products/update"))
    .default([]),
  "bulk-delay-ms": z.coerce.number().int().min(0).default(500),
  "log-level": logLevelSchema.default("info"),
});

const USAGE = `Usage: tsx emulator/admin/main.ts [--port 4100] [--host 127.0.0.1] [--shop name.myshopify.com ...]
       [--products 250] [--seed 1] [--plan standard|advanced|plus|enterprise]
       [--app-url http://localhost:3000] [--webhook products/update=/webhooks ...]
       [--bulk-delay-ms 500] [--log-level silent|error|warn|info|debug]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: "string" },
      port: { type: "string" },
      shop: { type: "string", multiple: true },
      products: { type: "string" },
      seed: { type: "string" },
      plan: { type: "string" },
      "app-url": { type: "string" },
      webhook: { type: "string", multiple: true },
      "bulk-delay-ms": { type: "string" },
      "log-level": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { help: _help, ...rest } = values;
  const args = argumentsSchema.parse(rest);
  const environment = environmentSchema.parse(process.env);
  const emulator = await startAdminEmulator({
    host: args.host,
    port: args.port,
    apiKey: environment.SHOPIFY_API_KEY,
    apiSecret: environment.SHOPIFY_API_SECRET,
    scopes: environment.SHOPIFY_SCOPES,
    appUrl: args["app-url"],
    webhooks: args.webhook.map((entry) => {
      const separator = entry.indexOf("=");
      return { topic: entry.slice(0, separator), uri: entry.slice(separator + 1) };
    }),
    plan: args.plan,
    shops: args.shop.map((domain, index) => ({ domain, seed: { products: args.products, seed: args.seed + index } })),
    bulkDelayMs: args["bulk-delay-ms"],
    logLevel: args["log-level"],
  });
  process.stdout.write(`Shopify Admin API emulator listening on ${emulator.url}\n`);
  process.stdout.write(`  shops: ${args.shop.join(", ")} (${args.products} products each)\n`);
  process.stdout.write(`  export PLUME_ADMIN_EMULATOR_URL=${emulator.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\nreceived ${signal}, stopping the emulator\n`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`failed to stop cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof z.ZodError ? z.prettifyError(error) : error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exit(2);
});
