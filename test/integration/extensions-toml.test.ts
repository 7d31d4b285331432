import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { APP_HANDLE, FLOW_ACTION_FIELD_KEYS, FLOW_ACTION_HANDLE, FLOW_ACTION_PATH, FLOW_TRIGGER_FIELD_KEYS, FLOW_TRIGGER_HANDLE } from "~/automation/flow-extensions";
import { ADMIN_API_VERSION } from "~/shopify/api-version";
import { loadAdminSchema } from "../../emulator/admin/graphql/schema";

/**
 * shopify.app.toml and every extensions/*\/shopify.extension.toml as Shopify CLI would read them: each parses, each
 * extension's shape is the one the CLI accepts for its type (Flow field rules mirrored from Shopify CLI's
 * flow_action / flow_trigger specifications; UI extensions' targets and modules), handles are unique, the API
 * version is the app's one constant, and what the app calls and subscribes to is in its config. Any folder added
 * under extensions/ is checked the same way.
 */
const root = path.resolve(import.meta.dirname, "../..");
const appToml = parse(readFileSync(path.join(root, "shopify.app.toml"), "utf8")) as {
  handle: string;
  application_url: string;
  access_scopes: { scopes: string };
  webhooks: { api_version: string; subscriptions: Array<{ topics?: string[]; uri: string }> };
};
const extensionsDirectory = path.join(root, "extensions");
const folders = readdirSync(extensionsDirectory, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const handleSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,29}$/, "at most 30 lower-case letters, digits and hyphens");
/** Shopify CLI (services/flow/constants.ts): the field types each Flow extension kind accepts. */
const ACTION_FIELD_TYPES = ["boolean", "email", "multi_line_text_field", "number_integer", "single_line_text_field", "url", "number_decimal"];
const TRIGGER_FIELD_TYPES = ["boolean", "email", "single_line_text_field", "url", "number_decimal"];
const ACTION_REFERENCES = ["customer_reference", "order_reference", "product_reference", "marketing_activity_reference", "abandonment_reference", "company_reference", "company_contact_reference"];
const TRIGGER_REFERENCES = ["customer_reference", "order_reference", "product_reference", "company_reference", "company_contact_reference"];
const httpsUrl = z.url().refine((url) => url.startsWith("https://"), "must be https");

const referenceField = (types: string[]) => z.strictObject({ type: z.enum(types), description: z.string().optional(), required: z.boolean().optional() });
const actionField = z.union([
  referenceField(ACTION_REFERENCES),
  z.strictObject({ type: z.enum(ACTION_FIELD_TYPES), key: z.string().min(1), name: z.string().min(1), description: z.string().optional(), required: z.boolean().optional() }),
]);
const triggerField = z.union([
  referenceField(TRIGGER_REFERENCES),
  z.strictObject({ type: z.enum(TRIGGER_FIELD_TYPES), key: z.string().regex(/^[a-zA-Z\s]+$/, "letters and spaces only"), description: z.string().optional() }),
]);

const flowAction = z.object({
  type: z.literal("flow_action"),
  name: z.string().min(1),
  handle: handleSchema,
  description: z.string().optional(),
  runtime_url: httpsUrl,
  validation_url: httpsUrl.optional(),
  config_page_url: httpsUrl.optional(),
  config_page_preview_url: httpsUrl.optional(),
  schema: z.string().optional(),
  return_type_ref: z.string().optional(),
});
const flowTrigger = z.object({ type: z.literal("flow_trigger"), name: z.string().min(1), handle: handleSchema, description: z.string().optional(), schema: z.string().optional() });
const uiExtension = z.object({
  type: z.literal("ui_extension"),
  name: z.string().min(1),
  handle: handleSchema,
  targeting: z.array(z.object({ target: z.string().regex(/^admin(\.[a-z0-9-]+)+\.(render|should-render)$/, "an admin UI extension target"), module: z.string().min(1) }).loose()).min(1),
});
/**
 * UI extensions run on @shopify/ui-extensions, whose version names its API version (2026.7.x → "2026-07"): their
 * toml must say that one, which may trail the app's Admin API version while the next release is only a release
 * candidate (docs/decisions/0020). Flow extensions and the app itself use the app's Admin API version.
 */
const uiExtensionsPackage = z.object({ version: z.string().regex(/^\d{4}\.\d{1,2}\./) }).parse(JSON.parse(readFileSync(path.join(root, "node_modules/@shopify/ui-extensions/package.json"), "utf8")));
const [uiYear, uiMonth] = uiExtensionsPackage.version.split(".") as [string, string];
const UI_EXTENSIONS_API_VERSION = `${uiYear}-${uiMonth.padStart(2, "0")}`;
const extensionFile = z.object({
  api_version: z.union([z.literal(ADMIN_API_VERSION), z.literal(UI_EXTENSIONS_API_VERSION)]),
  extensions: z.array(z.object({ type: z.string() }).loose()).min(1),
  settings: z.object({ fields: z.array(z.object({ type: z.string() }).loose()).default([]) }).optional(),
});

function load(folder: string) {
  const file = path.join(extensionsDirectory, folder, "shopify.extension.toml");
  return extensionFile.parse(parse(readFileSync(file, "utf8")));
}

describe("shopify.extension.toml files", () => {
  it("there are extensions, each folder with a shopify.extension.toml", () => {
    expect(folders).toEqual(expect.arrayContaining(["plume-flow-generate", "plume-flow-job-finished"]));
    for (const folder of folders) expect(existsSync(path.join(extensionsDirectory, folder, "shopify.extension.toml")), folder).toBe(true);
  });

  it.each(folders)("%s: parses, uses its API version (the app's; UI extensions: their package's), and has the shape Shopify CLI accepts for its type", (folder) => {
    const config = load(folder);
    for (const extension of config.extensions) {
      const fields = config.settings?.fields ?? [];
      if (extension.type === "flow_action" || extension.type === "flow_trigger") expect(config.api_version, `${folder}: Flow extensions use the app's Admin API version`).toBe(ADMIN_API_VERSION);
      if (extension.type === "flow_action") {
        flowAction.parse(extension);
        for (const field of fields) actionField.parse(field);
      } else if (extension.type === "flow_trigger") {
        flowTrigger.parse(extension);
        for (const field of fields) triggerField.parse(field);
      } else if (extension.type === "ui_extension") {
        const ui = uiExtension.parse(extension);
        expect(config.api_version, `${folder}: a UI extension is built against @shopify/ui-extensions ${uiExtensionsPackage.version}`).toBe(UI_EXTENSIONS_API_VERSION);
        expect(UI_EXTENSIONS_API_VERSION <= ADMIN_API_VERSION, "UI extensions never ahead of the app's Admin API version").toBe(true);
        for (const target of ui.targeting) expect(existsSync(path.resolve(extensionsDirectory, folder, target.module)), `${folder}: ${target.module}`).toBe(true);
      } else {
        throw new Error(`${folder}: extension type ${extension.type} is not checked here; add its rules`);
      }
    }
  });

  it("handles are unique across the app's extensions", () => {
    const handles = folders.flatMap((folder) => load(folder).extensions.map((extension) => String(extension.handle)));
    expect(new Set(handles).size).toBe(handles.length);
  });

  it("the Flow action posts to the app's route, with the fields the route reads", () => {
    const config = load("plume-flow-generate");
    const action = flowAction.parse(config.extensions[0]);
    expect(action.handle).toBe(FLOW_ACTION_HANDLE);
    const url = new URL(action.runtime_url);
    expect(url.host).toBe(new URL(appToml.application_url).host);
    expect(url.pathname).toBe(FLOW_ACTION_PATH);
    expect(existsSync(path.join(root, "app/routes", `${FLOW_ACTION_PATH.slice(1).replaceAll("/", ".")}.tsx`))).toBe(true);
    const fields = config.settings!.fields as Array<{ type: string; key?: string; required?: boolean }>;
    expect(fields[0]).toMatchObject({ type: "product_reference", required: true });
    // Fields added after the first version cannot be required: runs of older workflows post without them.
    expect(fields.slice(1).map((field) => [field.key, field.required])).toEqual([
      [FLOW_ACTION_FIELD_KEYS.fields, false],
      [FLOW_ACTION_FIELD_KEYS.applyWithoutReview, false],
    ]);
  });

  it("the Flow trigger's fields are the keys the app sends", () => {
    const config = load("plume-flow-job-finished");
    expect(flowTrigger.parse(config.extensions[0]).handle).toBe(FLOW_TRIGGER_HANDLE);
    expect(config.settings!.fields.map((field) => String(field.key)).sort()).toEqual(Object.values(FLOW_TRIGGER_FIELD_KEYS).sort());
  });
});

describe("shopify.app.toml for what the extensions and automations need", () => {
  it("names the app by the handle the Flow trigger's job links use", () => {
    expect(appToml.handle).toBe(APP_HANDLE);
  });

  it("subscribes to products/create (the new-product automation) on a route that handles it", () => {
    expect(appToml.webhooks.api_version).toBe(ADMIN_API_VERSION);
    const subscription = appToml.webhooks.subscriptions.find((entry) => entry.topics?.includes("products/create"));
    expect(subscription).toBeDefined();
    const route = readFileSync(path.join(root, "app/routes", `${subscription!.uri.slice(1).replaceAll("/", ".")}.tsx`), "utf8");
    expect(route).toContain('"PRODUCTS_CREATE"');
  });

  it("flowTriggerReceive needs no access scope beyond what the app asks for", () => {
    const { accessScopes } = loadAdminSchema();
    expect(accessScopes.forField("Mutation", "productUpdate")?.anyOf).toContain("write_products");
    expect(accessScopes.forField("Mutation", "flowTriggerReceive")).toBeUndefined();
  });
});
