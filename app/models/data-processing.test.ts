import { describe, expect, it } from "vitest";
import table from "./data-processing.json";
import { dataProcessingBackendIds, dataProcessingFor, dataProcessingTableSchema } from "./data-processing";
import { BUILT_IN_BACKENDS } from "./registry";

/** The data-processing table is data like the price table: one sourced, dated entry per shipped backend. */
describe("data-processing.json", () => {
  it("has exactly one entry per registered backend", () => {
    expect(dataProcessingBackendIds().sort()).toEqual(BUILT_IN_BACKENDS.map((backend) => backend.id).sort());
    for (const backend of BUILT_IN_BACKENDS) expect(dataProcessingFor(backend.id), backend.id).toBeDefined();
  });

  it("gives every entry a source and the date it was checked", () => {
    for (const id of dataProcessingBackendIds()) {
      const entry = dataProcessingFor(id)!;
      expect(entry.source, id).toMatch(/^(https:\/\/\S+|docs\/decisions\/\d{4}-[a-z0-9-]+\.md)$/);
      expect(entry.checked, id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(entry.note.length, id).toBeGreaterThan(20);
    }
  });

  it("sources every hosted backend from a provider page, and keeps local ones on a server of the shop's or this one", () => {
    for (const backend of BUILT_IN_BACKENDS) {
      const entry = dataProcessingFor(backend.id)!;
      if (backend.region === "US" || backend.region === "EU") {
        expect(["provider", "router"], backend.id).toContain(entry.kind);
        expect(entry.source, backend.id).toMatch(/^https:\/\//);
        expect(entry.processor, backend.id).not.toBeNull();
      } else {
        expect(entry.kind, backend.id).toBe(backend.region === "on-server" ? "on-server" : "self-hosted");
        expect(entry.processor, backend.id).toBeNull();
      }
    }
  });

  it("refuses an entry without a source, a hosted one sourced from our own docs, and a made-up field", () => {
    const openai = table.backends.openai;
    const withEntry = (entry: unknown) => ({ ...table, backends: { ...table.backends, openai: entry } });
    expect(dataProcessingTableSchema.safeParse(table).success).toBe(true);
    expect(dataProcessingTableSchema.safeParse(withEntry({ ...openai, source: "" })).success).toBe(false);
    expect(dataProcessingTableSchema.safeParse(withEntry({ ...openai, checked: "1 December" })).success).toBe(false);
    expect(dataProcessingTableSchema.safeParse(withEntry({ ...openai, checked: "2099-01-01" })).success).toBe(false);
    expect(dataProcessingTableSchema.safeParse(withEntry({ ...openai, source: "docs/decisions/0018-data-processing-sources.md" })).success).toBe(false);
    expect(dataProcessingTableSchema.safeParse(withEntry({ ...openai, training: "probably-not" })).success).toBe(false);
    expect(dataProcessingTableSchema.safeParse(withEntry({ ...openai, certified: true })).success).toBe(false);
  });
});
