/**
 * npm run eval:copy -- --products N [--seed S] [--examples]
 * Prints a table per behaviour mode and, as its last line, one JSON object:
 * {"items":…,"hardViolationsPublished":…,"invented":{…},"language":{…},"falseBlocks":…}
 */
import { parseArgs } from "node:util";
import { runCopyEval } from "./copy-eval";

const { values } = parseArgs({ options: { products: { type: "string", default: "20" }, seed: { type: "string", default: "11" }, examples: { type: "boolean", default: false } } });
const products = Number(values.products);
const seed = Number(values.seed);
if (!Number.isInteger(products) || products < 0) throw new Error(`--products must be a whole number, got ${values.products}`);
if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, got ${values.seed}`);

const report = await runCopyEval({ products, seed });
if (values.examples) for (const example of report.examples) console.log(example);
console.log(report.output);
process.exit(0);
