/**
 * A flattened view of one JSON Schema node, whatever dialect the SDK sent: draft-07
 * from OpenAI and Mistral, Gemini's OpenAPI subset (nullable, upper-case types, no
 * length limits), or Anthropic's sanitized schema, which moves limits into the
 * description ("max length: 60."). The generator reads only this view.
 */
export type JsonSchema = { [keyword: string]: unknown } | boolean;

export type SchemaType = "string" | "number" | "integer" | "boolean" | "object" | "array" | "null";

export interface SchemaView {
  type: SchemaType;
  /** The definition a $ref pointed to ("seo" for "#/$defs/seo"): a hint of what the object is. */
  referenceName: string | undefined;
  nullable: boolean;
  description: string | undefined;
  enumValues: readonly unknown[] | undefined;
  constValue: { value: unknown } | undefined;
  properties: ReadonlyArray<readonly [string, JsonSchema]>;
  required: readonly string[];
  /** The schema of values in an open object (a record), when there is one. */
  additionalProperties: JsonSchema | undefined;
  items: JsonSchema | undefined;
  prefixItems: readonly JsonSchema[];
  format: string | undefined;
  minLength: number | undefined;
  maxLength: number | undefined;
  minItems: number | undefined;
  maxItems: number | undefined;
  uniqueItems: boolean;
  minimum: number | undefined;
  maximum: number | undefined;
  exclusiveMinimum: number | undefined;
  exclusiveMaximum: number | undefined;
  multipleOf: number | undefined;
  minProperties: number | undefined;
}

type SchemaObject = { [keyword: string]: unknown };

const SCHEMA_TYPES: readonly SchemaType[] = ["string", "number", "integer", "boolean", "object", "array", "null"];

function isObject(value: unknown): value is SchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function numberAt(node: SchemaObject, keyword: string): number | undefined {
  const value = node[keyword];
  if (typeof value === "number" && Number.isFinite(value)) return value;
  // Gemini's OpenAPI schema writes int64 limits as strings.
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

/** Limits Anthropic's SDK folded into the description, e.g. "max length: 60; min items: 1." */
function limitFromDescription(description: string | undefined, name: string): number | undefined {
  if (description === undefined) return undefined;
  const match = new RegExp(`(?:^|[\\s;.])${name}: (-?\\d+(?:\\.\\d+)?)`, "i").exec(description);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function resolveReference(reference: string, root: JsonSchema): JsonSchema | undefined {
  if (reference === "#") return root;
  if (!reference.startsWith("#/")) return undefined;
  let current: unknown = root;
  for (const raw of reference.slice(2).split("/")) {
    const segment = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    current = isObject(current) ? current[segment] : Array.isArray(current) ? current[Number(segment)] : undefined;
  }
  return isObject(current) || typeof current === "boolean" ? current : undefined;
}

/** Inlines $ref, merges allOf and picks the first non-null branch of anyOf/oneOf. */
function flatten(schema: JsonSchema, root: JsonSchema, depth = 0): { node: SchemaObject; nullable: boolean } {
  if (typeof schema === "boolean" || depth > 32) return { node: {}, nullable: false };
  let node: SchemaObject = { ...schema };
  let nullable = node["nullable"] === true;

  const reference = node["$ref"];
  if (typeof reference === "string") {
    const target = resolveReference(reference, root);
    delete node["$ref"];
    if (target !== undefined) {
      const resolved = flatten(target, root, depth + 1);
      node = { ...resolved.node, ...node };
      nullable ||= resolved.nullable;
    }
  }

  const allOf = node["allOf"];
  if (Array.isArray(allOf)) {
    delete node["allOf"];
    for (const part of allOf) {
      if (!isObject(part) && typeof part !== "boolean") continue;
      const resolved = flatten(part, root, depth + 1);
      const properties = { ...(isObject(node["properties"]) ? node["properties"] : {}), ...(isObject(resolved.node["properties"]) ? resolved.node["properties"] : {}) };
      const required = [...(Array.isArray(node["required"]) ? node["required"] : []), ...(Array.isArray(resolved.node["required"]) ? resolved.node["required"] : [])];
      node = { ...resolved.node, ...node, properties, required };
      if (Object.keys(properties).length === 0) delete node["properties"];
    }
  }

  for (const keyword of ["anyOf", "oneOf"]) {
    const branches = node[keyword];
    if (!Array.isArray(branches)) continue;
    delete node[keyword];
    const isNull = (branch: unknown) => isObject(branch) && (branch["type"] === "null" || String(branch["type"]).toLowerCase() === "null");
    if (branches.some(isNull)) nullable = true;
    const chosen = branches.find((branch) => !isNull(branch) && (isObject(branch) || typeof branch === "boolean"));
    if (chosen !== undefined) {
      const resolved = flatten(chosen as JsonSchema, root, depth + 1);
      node = { ...resolved.node, ...node };
      nullable ||= resolved.nullable;
    } else if (branches.length > 0) {
      node["type"] = "null";
    }
  }
  return { node, nullable };
}

function schemaType(node: SchemaObject, nullable: boolean): { type: SchemaType; nullable: boolean } {
  const declared = node["type"];
  const names = (Array.isArray(declared) ? declared : declared === undefined ? [] : [declared])
    .map((name) => String(name).toLowerCase())
    .filter((name): name is SchemaType => (SCHEMA_TYPES as readonly string[]).includes(name));
  const nonNull = names.filter((name) => name !== "null");
  const isNullable = nullable || names.includes("null");
  if (nonNull[0] !== undefined) return { type: nonNull[0], nullable: isNullable };
  if (names.includes("null")) return { type: "null", nullable: true };
  if (isObject(node["properties"]) || node["additionalProperties"] !== undefined) return { type: "object", nullable: isNullable };
  if (node["items"] !== undefined || node["prefixItems"] !== undefined) return { type: "array", nullable: isNullable };
  const sample = Array.isArray(node["enum"]) ? node["enum"][0] : node["const"];
  if (typeof sample === "number") return { type: Number.isInteger(sample) ? "integer" : "number", nullable: isNullable };
  if (typeof sample === "boolean") return { type: "boolean", nullable: isNullable };
  return { type: "string", nullable: isNullable };
}

export function viewSchema(schema: JsonSchema, root: JsonSchema): SchemaView {
  const { node, nullable } = flatten(schema, root);
  const reference = typeof schema === "object" && typeof schema["$ref"] === "string" ? schema["$ref"] : undefined;
  const { type, nullable: isNullable } = schemaType(node, nullable);
  const description = typeof node["description"] === "string" ? node["description"] : undefined;
  const limit = (keyword: string, spoken: string) => numberAt(node, keyword) ?? limitFromDescription(description, spoken);
  const properties = isObject(node["properties"])
    ? Object.entries(node["properties"]).filter((entry): entry is [string, JsonSchema] => isObject(entry[1]) || typeof entry[1] === "boolean")
    : [];
  const additional = node["additionalProperties"];
  const items = node["items"];
  return {
    type,
    referenceName: reference?.split("/").pop(),
    nullable: isNullable,
    description,
    enumValues: Array.isArray(node["enum"]) ? node["enum"] : undefined,
    constValue: "const" in node ? { value: node["const"] } : undefined,
    properties,
    required: Array.isArray(node["required"]) ? node["required"].filter((name): name is string => typeof name === "string") : [],
    additionalProperties: isObject(additional) ? additional : additional === true ? {} : undefined,
    items: isObject(items) || typeof items === "boolean" ? items : Array.isArray(items) && isObject(items[0]) ? items[0] : undefined,
    prefixItems: Array.isArray(node["prefixItems"]) ? node["prefixItems"].filter(isObject) : [],
    format: typeof node["format"] === "string" ? node["format"] : undefined,
    minLength: limit("minLength", "min length"),
    maxLength: limit("maxLength", "max length"),
    minItems: limit("minItems", "min items"),
    maxItems: limit("maxItems", "max items"),
    uniqueItems: node["uniqueItems"] === true || /unique items: true/i.test(description ?? ""),
    minimum: limit("minimum", "minimum"),
    maximum: limit("maximum", "maximum"),
    exclusiveMinimum: limit("exclusiveMinimum", "exclusive minimum"),
    exclusiveMaximum: limit("exclusiveMaximum", "exclusive maximum"),
    multipleOf: limit("multipleOf", "multiple of"),
    minProperties: limit("minProperties", "min properties"),
  };
}
