import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { z } from "zod";
import type { FlowTriggerDefinition } from "./store/flow-triggers";

/**
 * The app's Flow triggers read from its extensions (extensions/*\/shopify.extension.toml, type flow_trigger), for
 * the emulator's `flowTriggers` option: flowTriggerReceive then accepts exactly what the app would deploy.
 */
const extensionFileSchema = z.object({
  extensions: z.array(z.object({ type: z.string(), handle: z.string() }).loose()).min(1),
  settings: z.object({ fields: z.array(z.object({ type: z.string(), key: z.string().optional() }).loose()).default([]) }).optional(),
});

export function flowTriggersFromExtensions(extensionsDirectory: string): FlowTriggerDefinition[] {
  if (!existsSync(extensionsDirectory)) return [];
  const triggers: FlowTriggerDefinition[] = [];
  for (const entry of readdirSync(extensionsDirectory, { withFileTypes: true })) {
    const file = path.join(extensionsDirectory, entry.name, "shopify.extension.toml");
    if (!entry.isDirectory() || !existsSync(file)) continue;
    const config = extensionFileSchema.parse(parse(readFileSync(file, "utf8")));
    for (const extension of config.extensions) {
      if (extension.type !== "flow_trigger") continue;
      const fields = Object.fromEntries((config.settings?.fields ?? []).map((field) => [field.key ?? field.type, field.type]));
      triggers.push({ handle: extension.handle, fields });
    }
  }
  return triggers;
}
