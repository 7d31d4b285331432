import { lexiconFor, type LexiconLanguage } from "~/copy/lexicon.server";

/**
 * `npm run bench:lexicon`: what the cut-word check's word lists cost — load
 * time (read, parse, fold, sort, pack), the memory they keep after a full
 * collection (JavaScript heap plus array buffers), the process's peak resident
 * memory so far (loading parses the whole list first), and lookup speed. Prints measurements; asserts nothing. Run with
 * --expose-gc (the npm script does) so the heap figures are after collection.
 */
const languages: LexiconLanguage[] = ["fr", "en", "es"];
const collect = (): void => (globalThis as { gc?: () => void }).gc?.();
const megabytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

if ((globalThis as { gc?: () => void }).gc === undefined) console.warn("bench:lexicon: run with --expose-gc for heap figures after collection");

console.log(JSON.stringify({ before: "any word list", processPeakRssMB: Number(megabytes(process.resourceUsage().maxRSS * 1024)) }));

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
  const lookupUs = ((performance.now() - lookupStarted) * 1000) / (rounds * 2);
  console.log(
    JSON.stringify({ language, entries: lexicon.size, loadMs: Math.round(loadMs), keptMB: Number(megabytes(keptBytes)), processPeakRssMB: Number(megabytes(process.resourceUsage().maxRSS * 1024)), lookupMicroseconds: Number(lookupUs.toFixed(2)), found }),
  );
}
