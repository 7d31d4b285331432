import { readFileSync } from "node:fs";
import { z } from "zod";
import { lexiconFor, type LexiconLanguage } from "~/copy/lexicon.server";
import { cutDictionaryWord, cutFactWord } from "~/copy/truncation";

/**
 * `npm run bench:lexicon`: what the cut-word check's word lists cost — load
 * time (read, parse, fold, sort, pack), the memory they keep after a full
 * collection (JavaScript heap plus array buffers), the process's peak resident
 * memory so far (loading parses the whole list first), and lookup speed — and
 * what the check catches on the labelled language corpus
 * (test/corpora/language-labelled.jsonl): the uncut texts it would call cut,
 * and synthetic cuts (every word of five letters or more cut after 2, 3 or 4
 * letters) it catches, with the facts' own check beside it. Prints
 * measurements; asserts nothing. Run with --expose-gc (the npm script does) so
 * the memory figures are after collection.
 */
const languages: LexiconLanguage[] = ["fr", "en", "es"];
const collect = (): void => (globalThis as { gc?: () => void }).gc?.();
const megabytes = (bytes: number): number => Number((bytes / 1024 / 1024).toFixed(1));
const peakRss = (): number => megabytes(process.resourceUsage().maxRSS * 1024);

if ((globalThis as { gc?: () => void }).gc === undefined) console.warn("bench:lexicon: run with --expose-gc for memory figures after collection");
console.log(JSON.stringify({ before: "any word list", processPeakRssMB: peakRss() }));

for (const language of languages) {
  collect();
  const kept = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const before = kept();
  const started = performance.now();
  const lexicon = lexiconFor(language);
  const loadMs = performance.now() - started;
  collect();
  const keptBytes = kept() - before;

  const probes = ["mar", "marque", "lin", "veste", "bra", "leather", "shirt", "cuir", "etui", "zzzq"];
  const rounds = 100_000;
  const lookupStarted = performance.now();
  let found = 0;
  for (let round = 0; round < rounds; round += 1) {
    const probe = probes[round % probes.length] ?? "";
    if (lexicon.has(probe) || lexicon.hasLongerWordStartingWith(probe)) found += 1;
  }
  const lookupMicroseconds = Number((((performance.now() - lookupStarted) * 1000) / (rounds * 2)).toFixed(2));
  console.log(JSON.stringify({ language, entries: lexicon.size, loadMs: Math.round(loadMs), keptMB: megabytes(keptBytes), processPeakRssMB: peakRss(), lookupMicroseconds, found }));
}

const entrySchema = z.object({ lang: z.string(), text: z.string(), title: z.string(), vendor: z.string(), productType: z.string(), options: z.array(z.string()) });
const corpus = readFileSync(new URL("../../test/corpora/language-labelled.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => entrySchema.parse(JSON.parse(line)));

for (const language of languages) {
  const entries = corpus.filter((entry) => entry.lang === language);
  let uncutFlagged = 0;
  let cuts = 0;
  let byWordList = 0;
  let byFacts = 0;
  for (const entry of entries) {
    const facts = [entry.title, entry.vendor, entry.productType, ...entry.options];
    if (cutDictionaryWord(entry.text, language, facts) !== undefined) uncutFlagged += 1;
    for (const word of entry.text.matchAll(/\p{L}{5,}/gu)) {
      for (const kept of [2, 3, 4]) {
        const cut = entry.text.slice(0, word.index + kept);
        cuts += 1;
        if (cutFactWord(cut, facts) !== undefined) byFacts += 1;
        else if (cutDictionaryWord(cut, language, facts) !== undefined) byWordList += 1;
      }
    }
  }
  console.log(JSON.stringify({ corpus: language, texts: entries.length, uncutFlagged, syntheticCuts: cuts, caughtByFacts: byFacts, caughtByWordList: byWordList }));
}
