import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminGraphql } from "~/catalog/admin-client.server";
import { runCopySettingsIntent, type CopySettingsContext } from "~/copy/copy-settings-form.server";
import { copySettingsSchema, loadCopySettings, saveCopySettings } from "~/copy/settings";
import type { Database } from "~/db/client.server";
import { freshPostgres, freshSqlite, type TestDatabase } from "../support/databases";

/**
 * Two saves of Settings → Copy at once (two tabs, two staff members) must not
 * lose either change: each save is applied to the settings as stored, in one
 * compare-and-set write. The race is forced: both saves read the settings
 * before either writes.
 */
const SHOP = "concurrent-copy.myshopify.com";
const START = copySettingsSchema.parse({ tone: "technical", brandVoice: "Straight talk.", keywords: ["climbing"], bannedWords: ["cheap"] });
const NO_ADMIN: AdminGraphql = { graphql: () => Promise.reject(new Error("these saves never read the shop")) };

/** The database, except that the first `readers` reads of the copy settings wait for each other: every save reads before any writes. */
function racing(database: Database, readers = 2): Database {
  const waiting: Array<() => void> = [];
  let arrived = 0;
  const copySettings = new Proxy(database.copySettings, {
    get(target, property, receiver) {
      if (property !== "findUnique") return Reflect.get(target, property, receiver) as unknown;
      return async (args: Parameters<typeof target.findUnique>[0]) => {
        const row = await target.findUnique(args);
        if (arrived < readers) {
          arrived += 1;
          await new Promise<void>((resolve) => {
            waiting.push(resolve);
            if (waiting.length === readers) for (const release of waiting) release();
          });
        }
        return row;
      };
    },
  });
  return new Proxy(database, { get: (target, property, receiver) => (property === "copySettings" ? copySettings : (Reflect.get(target, property, receiver) as unknown)) });
}

function suite(kind: "SQLite" | "PostgreSQL", open: () => Promise<TestDatabase | { unavailable: string }>) {
  describe(`concurrent saves of Settings → Copy on ${kind}`, () => {
    let testDatabase: TestDatabase | undefined;
    let unavailable = "";

    beforeAll(async () => {
      const opened = await open();
      if ("unavailable" in opened) unavailable = opened.unavailable;
      else testDatabase = opened;
    });
    afterAll(async () => {
      await testDatabase?.close();
    });

    const context = (database: Database): CopySettingsContext => ({ database, admin: NO_ADMIN, shop: SHOP });

    it("two page saves of different sections at once: both changes persist", async () => {
      if (!testDatabase) return console.log(`SKIP ${kind}: ${unavailable}`);
      await saveCopySettings(testDatabase.database, SHOP, START);
      const database = racing(testDatabase.database);
      const voice = { intent: "save-voice", tone: "premium", brandVoice: "Refined.", exampleCopy: "" };
      const words = { intent: "save-words", keywords: "linen, summer", bannedWords: "cheap\nflimsy" };
      const results = await Promise.all([
        runCopySettingsIntent(context(database), { intent: "save-all", sections: JSON.stringify([voice]) }),
        runCopySettingsIntent(context(database), { intent: "save-all", sections: JSON.stringify([words]) }),
      ]);
      expect(results).toEqual([
        { ok: true, intent: "save-all", saved: ["save-voice"] },
        { ok: true, intent: "save-all", saved: ["save-words"] },
      ]);
      const stored = await loadCopySettings(testDatabase.database, SHOP);
      expect({ tone: stored.tone, brandVoice: stored.brandVoice, keywords: stored.keywords, bannedWords: stored.bannedWords }).toEqual({
        tone: "premium",
        brandVoice: "Refined.",
        keywords: ["linen", "summer"],
        bannedWords: ["cheap", "flimsy"],
      });
    });

    it("two single-section saves at once (the older per-section form posts) lose nothing either", async () => {
      if (!testDatabase) return console.log(`SKIP ${kind}: ${unavailable}`);
      await saveCopySettings(testDatabase.database, SHOP, START);
      const database = racing(testDatabase.database);
      await Promise.all([
        runCopySettingsIntent(context(database), { intent: "save-lengths", descriptionWords: "250", seoTitleCharacters: "55", metaDescriptionCharacters: "150" }),
        runCopySettingsIntent(context(database), { intent: "save-fields", fields: "seoTitle,metaDescription", writePolicy: "overwrite", allowLinks: "on" }),
      ]);
      const stored = await loadCopySettings(testDatabase.database, SHOP);
      expect(stored.lengthTargets).toEqual({ descriptionWords: 250, seoTitleCharacters: 55, metaDescriptionCharacters: 150 });
      expect(stored).toMatchObject({ fields: ["seoTitle", "metaDescription"], writePolicy: "overwrite", allowLinks: true, tone: "technical" });
    });

    it("a shop with no settings row yet: two first saves at once both persist", async () => {
      if (!testDatabase) return console.log(`SKIP ${kind}: ${unavailable}`);
      const shop = `new-${kind.toLowerCase()}.myshopify.com`;
      const database = racing(testDatabase.database);
      await Promise.all([
        runCopySettingsIntent({ database, admin: NO_ADMIN, shop }, { intent: "save-all", sections: JSON.stringify([{ intent: "save-voice", tone: "playful", brandVoice: "", exampleCopy: "" }]) }),
        runCopySettingsIntent({ database, admin: NO_ADMIN, shop }, { intent: "save-all", sections: JSON.stringify([{ intent: "save-words", keywords: "sun", bannedWords: "" }]) }),
      ]);
      const stored = await loadCopySettings(testDatabase.database, shop);
      expect({ tone: stored.tone, keywords: stored.keywords }).toEqual({ tone: "playful", keywords: ["sun"] });
    });

    it("saves several sections in one action, or none when one of them is refused (errors keyed by section and field)", async () => {
      if (!testDatabase) return console.log(`SKIP ${kind}: ${unavailable}`);
      await saveCopySettings(testDatabase.database, SHOP, START);
      const refused = await runCopySettingsIntent(context(testDatabase.database), {
        intent: "save-all",
        sections: JSON.stringify([
          { intent: "save-voice", tone: "minimal", brandVoice: "Short.", exampleCopy: "" },
          { intent: "save-lengths", descriptionWords: "5", seoTitleCharacters: "55", metaDescriptionCharacters: "abc" },
        ]),
      });
      expect(refused).toEqual({
        ok: false,
        intent: "save-all",
        errors: { "save-lengths.descriptionWords": "copySettings.errors.outOfRange", "save-lengths.metaDescriptionCharacters": "copySettings.errors.wholeNumber" },
      });
      expect((await loadCopySettings(testDatabase.database, SHOP)).tone).toBe("technical");
      const saved = await runCopySettingsIntent(context(testDatabase.database), {
        intent: "save-all",
        sections: JSON.stringify([
          { intent: "save-voice", tone: "minimal", brandVoice: "Short.", exampleCopy: "" },
          { intent: "save-lengths", descriptionWords: "90", seoTitleCharacters: "55", metaDescriptionCharacters: "150" },
        ]),
      });
      expect(saved).toEqual({ ok: true, intent: "save-all", saved: ["save-voice", "save-lengths"] });
      const stored = await loadCopySettings(testDatabase.database, SHOP);
      expect({ tone: stored.tone, words: stored.lengthTargets.descriptionWords, keywords: stored.keywords }).toEqual({ tone: "minimal", words: 90, keywords: ["climbing"] });
    });
  });
}

suite("SQLite", freshSqlite);
suite("PostgreSQL", freshPostgres);
