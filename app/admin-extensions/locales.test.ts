import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { COPY_FIELDS, ISSUE_CODES } from "~/copy/types";
import { WORDED_ERRORS } from "./client";

/**
 * The admin extensions speak English and French alike: both locale files of each extension
 * have the same keys (plural forms included) and the same {{placeholders}}, the toml's `t:`
 * names resolve, and every error code the client can report has words.
 */
const EXTENSIONS = path.resolve(import.meta.dirname, "../../extensions");
const folders = existsSync(EXTENSIONS)
  ? readdirSync(EXTENSIONS, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(EXTENSIONS, entry.name, "locales", "en.default.json")))
      .map((entry) => entry.name)
  : [];

type Messages = { [key: string]: string | Messages };

function flatten(messages: Messages, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(name, value);
    else for (const [inner, text] of flatten(value, name)) out.set(inner, text);
  }
  return out;
}
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();
const read = (folder: string, file: string) => flatten(JSON.parse(readFileSync(path.join(EXTENSIONS, folder, "locales", file), "utf8")) as Messages);

describe("admin extension locales", () => {
  it("finds the Plume admin extensions", () => {
    expect(folders).toEqual(expect.arrayContaining(["plume-admin-bulk", "plume-admin-product"]));
  });

  it.each(folders)("%s: English and French have the same keys and placeholders", (folder) => {
    const en = read(folder, "en.default.json");
    const fr = read(folder, "fr.json");
    expect([...fr.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of en) expect(placeholders(fr.get(key)!), key).toEqual(placeholders(text));
    for (const [key, text] of fr) expect(text.trim(), key).not.toBe("");
  });

  it.each(folders)("%s: the toml's names and every worded error and field resolve", (folder) => {
    const en = read(folder, "en.default.json");
    const toml = parseToml(readFileSync(path.join(EXTENSIONS, folder, "shopify.extension.toml"), "utf8")) as { extensions: Array<{ name: string; description?: string }> };
    for (const extension of toml.extensions) {
      for (const value of [extension.name, extension.description ?? ""]) if (value.startsWith("t:")) expect(en.has(value.slice(2)), value).toBe(true);
    }
    for (const code of WORDED_ERRORS) expect(en.has(`errors.${code}`), code).toBe(true);
    for (const field of COPY_FIELDS) expect(en.has(`fields.${field}`), field).toBe(true);
  });

  it("the product panel words every reason an apply can report", () => {
    const en = read("plume-admin-product", "en.default.json");
    const reasons = [...ISSUE_CODES, "not_blank", "unchanged", "no_source", "in_progress", "shopify_refused", "admin_error"];
    for (const reason of reasons) expect(en.has(`reasons.${reason}`), reason).toBe(true);
    for (const status of ["written", "skipped", "refused", "failed"]) expect(en.has(`applied.${status}`), status).toBe(true);
  });
});
