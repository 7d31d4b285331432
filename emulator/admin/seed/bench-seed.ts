/**
 * Seed benchmark: `tsx emulator/admin/seed/bench-seed.ts` (add `node --expose-gc`
 * through `NODE_OPTIONS=--expose-gc` for steadier heap figures). Prints
 * milliseconds and retained heap for 10k and 100k products, plus the cost of
 * first reading every lazy description and variant list.
 */
import { generateCatalog } from "./generate-catalog";

const SIZES = [10_000, 100_000] as const;

function heapMegabytes(): number {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

// One small run first so the JIT has warmed up before we measure.
generateCatalog({ products: 1000, seed: 0, shopDomain: "bench-warmup.myshopify.com" });

for (const size of SIZES) {
  const heapBefore = heapMegabytes();
  const started = performance.now();
  const catalog = generateCatalog({ products: size, seed: 42, shopDomain: "bench.myshopify.com" });
  const generatedMs = performance.now() - started;
  const heapAfter = heapMegabytes();
  const readStarted = performance.now();
  let characters = 0;
  let variants = 0;
  for (const product of catalog.products) {
    characters += product.descriptionHtml.length;
    variants += product.variants.length;
  }
  const readMs = performance.now() - readStarted;
  process.stdout.write(
    `${String(size).padStart(7)} products: generate ${generatedMs.toFixed(0)} ms, heap +${(heapAfter - heapBefore).toFixed(0)} MB; ` +
      `first full read of descriptions and variants ${readMs.toFixed(0)} ms (${variants} variants, ${(characters / 1e6).toFixed(1)} M chars of HTML)\n`,
  );
}
