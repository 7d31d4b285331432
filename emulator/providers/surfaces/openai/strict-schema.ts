/**
 * The rules OpenAI's Structured Outputs enforce in strict mode before generating
 * anything: every object closed (`additionalProperties: false`) and every property
 * listed in `required`. A zod `.optional()` or `z.record()` breaks them, and the real
 * API answers 400, so the emulator does too.
 */
import type { ProviderProblem } from "../../core/dialect";

type Node = { [keyword: string]: unknown };

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Python tuple notation, as OpenAI prints the failing location: ('properties', 'alts', 'items'). */
function context(path: readonly string[]): string {
  return path.length === 0 ? "()" : `(${path.map((part) => `'${part}'`).join(", ")}${path.length === 1 ? "," : ""})`;
}

function violation(node: Node, path: readonly string[]): string | undefined {
  const types = Array.isArray(node["type"]) ? node["type"] : [node["type"]];
  const properties = isNode(node["properties"]) ? node["properties"] : undefined;
  if (types.includes("object") || properties !== undefined) {
    if (node["additionalProperties"] !== false) return `In context=${context(path)}, 'additionalProperties' is required to be supplied and to be false.`;
    const required = Array.isArray(node["required"]) ? node["required"] : [];
    const missing = Object.keys(properties ?? {}).find((key) => !required.includes(key));
    if (missing !== undefined) return `In context=${context(path)}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing}'.`;
  }
  const children: [string[], unknown][] = [];
  for (const [key, child] of Object.entries(properties ?? {})) children.push([[...path, "properties", key], child]);
  if (isNode(node["items"])) children.push([[...path, "items"], node["items"]]);
  for (const keyword of ["anyOf", "allOf", "oneOf"]) {
    const branches = node[keyword];
    if (Array.isArray(branches)) branches.forEach((branch, index) => children.push([[...path, keyword, String(index)], branch]));
  }
  for (const keyword of ["$defs", "definitions"]) {
    const definitions = node[keyword];
    if (isNode(definitions)) for (const [name, child] of Object.entries(definitions)) children.push([[...path, keyword, name], child]);
  }
  for (const [childPath, child] of children) {
    const found = isNode(child) ? violation(child, childPath) : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}

export function strictSchemaProblem(schema: Node, formatName: string, param: string): ProviderProblem | undefined {
  const found = violation(schema, []);
  return found === undefined ? undefined : { kind: "invalid_request", message: `Invalid schema for response_format '${formatName}': ${found}`, param };
}
