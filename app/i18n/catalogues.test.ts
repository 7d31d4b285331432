import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JOB_ITEM_ERROR_CODES, JOB_REFUSAL_CODES } from "~/jobs/types";
import type { ModelErrorKind } from "~/models/errors";
import { BackendRegistry, BUILT_IN_BACKENDS } from "~/models/registry";
import { backendText } from "./backend-text";
import { catalogues, createI18n, resolveLocale, SUPPORTED_LOCALES } from "./config";

const PLURAL_SUFFIXES = ["_zero", "_one", "_two", "_few", "_many", "_other"];

function flatten(tree: unknown, prefix = ""): string[] {
  if (typeof tree !== "object" || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([key, value]) => flatten(value, prefix ? `${prefix}.${key}` : key));
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(tsx?|mjs)$/.test(name) && !name.includes(".test.") ? [full] : [];
  });
}

/** Keys the code asks for: t("a.b") with a literal first argument. */
function keysUsedInCode(): Set<string> {
  const appDirectory = path.resolve(import.meta.dirname, "..");
  const used = new Set<string>();
  for (const file of sourceFiles(appDirectory)) {
    for (const match of readFileSync(file, "utf8").matchAll(/\bt\(\s*"([a-zA-Z0-9_.]+)"/g)) used.add(match[1] as string);
  }
  return used;
}

describe("i18n catalogues", () => {
  const keysByLocale = Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, new Set(flatten(catalogues[locale]))]));

  it("English and French have exactly the same keys", () => {
    const english = [...(keysByLocale.en ?? [])].sort();
    const french = [...(keysByLocale.fr ?? [])].sort();
    expect(english.filter((key) => !keysByLocale.fr?.has(key)), "missing from fr.json").toEqual([]);
    expect(french.filter((key) => !keysByLocale.en?.has(key)), "missing from en.json").toEqual([]);
  });

  it("every key the code uses exists in every catalogue", () => {
    const used = [...keysUsedInCode()];
    expect(used.length).toBeGreaterThan(20);
    for (const locale of SUPPORTED_LOCALES) {
      const keys = keysByLocale[locale] as Set<string>;
      const missing = used.filter((key) => !keys.has(key) && !PLURAL_SUFFIXES.some((suffix) => keys.has(`${key}${suffix}`)));
      expect(missing, `keys missing from ${locale}.json`).toEqual([]);
    }
  });

  it("no catalogue value is empty", () => {
    for (const locale of SUPPORTED_LOCALES) {
      const empty = flatten(catalogues[locale]).filter((key) => {
        const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalogues[locale]);
        return typeof value !== "string" || value.trim() === "";
      });
      expect(empty, locale).toEqual([]);
    }
  });

  it("translates with plurals and interpolation in both languages", () => {
    expect(createI18n("en").t("home.productCount", { count: 1 })).toBe("1 product");
    expect(createI18n("en").t("home.productCount", { count: 250 })).toBe("250 products");
    expect(createI18n("fr").t("home.productCount", { count: 250 })).toBe("250 produits");
    expect(createI18n("fr").t("nav.settings")).toBe("Paramètres");
  });

  it("words every model call outcome for the merchant (test result and ledger label), never a raw code", () => {
    // A Record over the union: adding a ModelErrorKind without listing it here fails typechecking.
    const outcomes: Record<ModelErrorKind | "ok", true> = {
      ok: true,
      auth: true,
      malformed_key: true,
      quota: true,
      spend_limit: true,
      billing: true,
      daily_quota: true,
      unknown_model: true,
      bad_request: true,
      rate_limit: true,
      overloaded: true,
      server: true,
      timeout: true,
      unreachable: true,
      invalid_output: true,
      refusal: true,
      unsafe_endpoint: true,
      not_configured: true,
      budget_exceeded: true,
      unpriced_model: true,
      cancelled: true,
    };
    for (const locale of SUPPORTED_LOCALES) {
      const keys = keysByLocale[locale] as Set<string>;
      const missing = Object.keys(outcomes).flatMap((outcome) =>
        [`settings.connection.result.${outcome}`, `settings.usage.outcomes.${outcome}`].filter((key) => !keys.has(key)),
      );
      expect(missing, locale).toEqual([]);
    }
    expect(createI18n("fr").t("settings.usage.outcomes.spend_limit")).toBe("Limite de dépenses atteinte");
  });

  it("words every bulk-job item error and every refusal of the job API, in both languages", () => {
    // A Record over the union: a new ModelErrorKind without words for job items fails typechecking here.
    const modelOutcomes: Record<ModelErrorKind, true> = {
      auth: true,
      malformed_key: true,
      quota: true,
      spend_limit: true,
      billing: true,
      daily_quota: true,
      unknown_model: true,
      bad_request: true,
      rate_limit: true,
      overloaded: true,
      server: true,
      timeout: true,
      unreachable: true,
      invalid_output: true,
      refusal: true,
      unsafe_endpoint: true,
      not_configured: true,
      budget_exceeded: true,
      unpriced_model: true,
      cancelled: true,
    };
    const wanted = [
      ...[...Object.keys(modelOutcomes), ...JOB_ITEM_ERROR_CODES].map((code) => `jobs.errors.${code}`),
      ...JOB_REFUSAL_CODES.map((code) => `jobs.refusals.${code}`),
    ];
    for (const locale of SUPPORTED_LOCALES) {
      const keys = keysByLocale[locale] as Set<string>;
      expect(wanted.filter((key) => !keys.has(key)), locale).toEqual([]);
    }
    expect(createI18n("fr").t("jobs.refusals.budget_exceeded", { estimate: "12,00 $", spent: "90,00 $", reserved: "5,00 $", cap: "100,00 $" })).toContain("100,00 $");
  });

  it("words every shipped backend (label, description, set-up hint) in both languages, English as the registry says it", () => {
    const english = createI18n("en").t;
    const french = createI18n("fr").t;
    for (const backend of BUILT_IN_BACKENDS) {
      for (const locale of SUPPORTED_LOCALES) {
        const keys = keysByLocale[locale] as Set<string>;
        expect(["label", "description", "hint"].filter((part) => !keys.has(`backends.${backend.id}.${part}`)), `${locale} ${backend.id}`).toEqual([]);
      }
      expect(backendText(english, { id: backend.id, operator: null })).toEqual({ label: backend.label, description: backend.description, hint: backend.setupHint });
    }
    expect(backendText(french, { id: "templates", operator: null }).label).toBe("Modèles (hors ligne)");
    // An emulated operator entry: the brand name kept, the rest in the merchant's language.
    const registry = BackendRegistry.withExtras([
      { id: "emulated-openai", extends: "openai", label: "OpenAI (emulated)", baseUrl: "http://127.0.0.1:9/v1", emulated: true, emulatedKey: "sk-emulated-openai" },
      { id: "gateway", extends: "openai", label: "Company gateway", baseUrl: "https://gateway.example/v1", emulated: false },
    ]);
    const emulated = registry.get("emulated-openai");
    expect(backendText(english, { id: emulated.id, operator: emulated.operator ?? null }).label).toBe("OpenAI (emulated)");
    expect(backendText(french, { id: emulated.id, operator: emulated.operator ?? null })).toEqual({
      label: "OpenAI (émulé)",
      description: `${french("backends.openai.description")} (Émulateur local de l'API réelle : aucun vrai modèle n'est appelé.)`,
      hint: "Émulé : collez la clé sk-emulated-openai.",
    });
    const gateway = registry.get("gateway");
    expect(backendText(french, { id: gateway.id, operator: gateway.operator ?? null })).toEqual({
      label: "Company gateway",
      description: french("backends.openai.description"),
      hint: french("backends.openai.hint"),
    });
  });

  it("maps admin locales to a catalogue", () => {
    expect(resolveLocale("fr")).toBe("fr");
    expect(resolveLocale("fr-CA")).toBe("fr");
    expect(resolveLocale("en-US")).toBe("en");
    expect(resolveLocale("ja")).toBeUndefined();
    expect(resolveLocale(null)).toBeUndefined();
  });
});
