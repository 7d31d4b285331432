/**
 * Requested query cost, computed statically before execution from Shopify's
 * documented rules (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits):
 *
 *   scalar, enum                 0
 *   object                       1 (+ its selections)
 *   interface, union             maximum over the possible types' selections
 *   connection                   2 + (first|last) x (cost of one node)
 *   mutation                     10
 *
 * Choices where the documentation is silent (each recorded in README.md):
 *   - edges/node/nodes/pageInfo/cursor wrappers cost nothing beyond the node
 *     object itself, matching observed responses (`customers(first: 10) { nodes
 *     { … } }` costs 12: Shopify/shopify-api-js#602).
 *   - a mutation field costs 10 regardless of the objects in its payload;
 *     connections inside a payload are charged as usual.
 *   - a list of objects that is not a connection costs as one object, except
 *     the root `nodes(ids:)`, charged per id.
 *
 * The same walk enforces Shopify's static argument rules: every connection
 * needs `first` or `last` (at most 250), and input lists hold at most 250 items.
 */
import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getNamedType,
  isAbstractType,
  isLeafType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { SerializedGraphQLError } from "./errors";

export const MAX_PAGE_SIZE = 250;
export const MAX_INPUT_ARRAY_SIZE = 250;
export const MUTATION_COST = 10;
export const CONNECTION_COST = 2;
export const OBJECT_COST = 1;

const connectionTypes = new WeakMap<GraphQLNamedType, boolean>();

export function isConnectionType(type: GraphQLNamedType): type is GraphQLObjectType {
  let known = connectionTypes.get(type);
  if (known === undefined) {
    const fields = isObjectType(type) && type.name.endsWith("Connection") ? type.getFields() : undefined;
    known = fields !== undefined && "pageInfo" in fields && ("edges" in fields || "nodes" in fields);
    connectionTypes.set(type, known);
  }
  return known;
}

export function isConnectionField(field: GraphQLField<unknown, unknown>): boolean {
  return isConnectionType(getNamedType(field.type)) && field.args.some((argument) => argument.name === "first" || argument.name === "last");
}

/** What field collection needs: the schema, the document's fragments and the variables (for @skip/@include). */
export interface CollectContext {
  readonly schema: GraphQLSchema;
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  readonly variables: Readonly<Record<string, unknown>>;
}

/**
 * One entry of the per-field breakdown Shopify adds to `extensions.cost.fields` when the
 * request carries `Shopify-GraphQL-Cost-Debug: 1`. Shape and order as in a real response
 * quoted in Shopify/shopify-api-js#602: children before their parent; a leaf has
 * definedCost 0 and requestedChildrenCost null; a connection has definedCost null and
 * requestedChildrenCost the cost of one node; `nodes` (and `edges.node`) cost 1 per node.
 */
export interface FieldCost {
  readonly path: readonly (string | number)[];
  readonly definedCost: number | null;
  readonly requestedTotalCost: number;
  readonly requestedChildrenCost: number | null;
}

interface WalkContext extends CollectContext {
  readonly errors: SerializedGraphQLError[];
  /** Bulk documents read whole connections: no page-size rules, no cost. */
  readonly requirePageSize: boolean;
  /** Collected only for cost-debug requests; keyed by path so interface branches keep their maximum. */
  readonly fieldCosts: Map<string, FieldCost> | null;
}

function noteCost(context: WalkContext, entry: FieldCost): void {
  if (!context.fieldCosts) return;
  const key = JSON.stringify(entry.path);
  const existing = context.fieldCosts.get(key);
  if (!existing || existing.requestedTotalCost < entry.requestedTotalCost) context.fieldCosts.set(key, entry);
}

function included(node: FieldNode | { directives?: FieldNode["directives"] }, context: CollectContext): boolean {
  const asField = node as FieldNode;
  const skip = getDirectiveValues(GraphQLSkipDirective, asField, context.variables);
  if (skip?.["if"] === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, asField, context.variables);
  return include?.["if"] !== false;
}

function typeConditionApplies(typeName: string | undefined, objectType: GraphQLObjectType, context: CollectContext): boolean {
  if (typeName === undefined || typeName === objectType.name) return true;
  const condition = context.schema.getType(typeName);
  return condition !== undefined && isAbstractType(condition) && context.schema.isSubType(condition, objectType);
}

/** Fields selected on `objectType`, grouped by response key, fragments flattened. */
export function collectFields(selectionSet: SelectionSetNode, objectType: GraphQLObjectType, context: CollectContext, into = new Map<string, FieldNode[]>()): Map<string, FieldNode[]> {
  for (const selection of selectionSet.selections) {
    if (!included(selection, context)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const existing = into.get(key);
      if (existing) existing.push(selection);
      else into.set(key, [selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (typeConditionApplies(selection.typeCondition?.name.value, objectType, context)) collectFields(selection.selectionSet, objectType, context, into);
    } else {
      const fragment = context.fragments[selection.name.value];
      if (fragment && typeConditionApplies(fragment.typeCondition.name.value, objectType, context)) collectFields(fragment.selectionSet, objectType, context, into);
    }
  }
  return into;
}

export function mergedSelectionSet(nodes: readonly FieldNode[]): SelectionSetNode | undefined {
  const sets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  if (sets.length <= 1) return sets[0];
  return { kind: Kind.SELECTION_SET, selections: sets.flatMap((set) => set.selections) };
}

function possibleObjectTypes(type: GraphQLCompositeType, schema: GraphQLSchema): readonly GraphQLObjectType[] {
  return isObjectType(type) ? [type] : schema.getPossibleTypes(type);
}

function locationOf(node: FieldNode): { line: number; column: number }[] | undefined {
  const location = node.loc;
  if (!location) return undefined;
  const source = location.source.body.slice(0, location.start);
  const lines = source.split("\n");
  return [{ line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 }];
}

function checkInputArrays(value: unknown, path: (string | number)[], node: FieldNode, context: WalkContext): void {
  if (Array.isArray(value)) {
    if (value.length > MAX_INPUT_ARRAY_SIZE) {
      context.errors.push({
        message: `The input array size of ${value.length} is greater than the maximum allowed of ${MAX_INPUT_ARRAY_SIZE}.`,
        locations: locationOf(node),
        path,
        extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
      });
      return;
    }
    value.forEach((item, index) => checkInputArrays(item, [...path, index], node, context));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) checkInputArrays(item, [...path, key], node, context);
  }
}

function pageSize(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, node: FieldNode, path: readonly (string | number)[], context: WalkContext): number {
  const first = typeof args["first"] === "number" ? args["first"] : undefined;
  const last = typeof args["last"] === "number" ? args["last"] : undefined;
  if (!context.requirePageSize) return first ?? last ?? 1;
  const fail = (message: string): number => {
    context.errors.push({ message, locations: locationOf(node), path: [...path], extensions: { code: "BAD_REQUEST" } });
    return 1;
  };
  if (first === undefined && last === undefined) return fail("you must provide one of first or last");
  if (first !== undefined && last !== undefined) return fail("passing both first and last is not supported");
  const size = (first ?? last) as number;
  const argumentName = first !== undefined ? "first" : "last";
  if (size < 0) return fail(`${argumentName} must be a non-negative integer`);
  if (size > MAX_PAGE_SIZE) return fail(`The ${argumentName} argument on ${field.name} must be less than or equal to ${MAX_PAGE_SIZE}`);
  return size;
}

interface CostFlags {
  /** Inside a mutation payload, objects are covered by the mutation's flat 10 points. */
  readonly inMutationPayload: boolean;
}

function selectionCost(selectionSet: SelectionSetNode | undefined, type: GraphQLCompositeType, path: readonly (string | number)[], flags: CostFlags, context: WalkContext): number {
  if (!selectionSet) return 0;
  let maximum = 0;
  for (const objectType of possibleObjectTypes(type, context.schema)) {
    let total = 0;
    for (const [key, nodes] of collectFields(selectionSet, objectType, context)) {
      total += fieldCost(objectType, nodes, [...path, key], flags, context);
    }
    maximum = Math.max(maximum, total);
  }
  return maximum;
}

/** Cost of one item of a connection: the node object plus its selections, via edges.node and/or nodes. */
function connectionNodeCost(connectionType: GraphQLObjectType, selectionSet: SelectionSetNode | undefined, path: readonly (string | number)[], flags: CostFlags, context: WalkContext): { perNode: number; extra: number } {
  if (!selectionSet) return { perNode: 0, extra: 0 };
  let perNode = 0;
  let extra = 0;
  for (const [key, nodes] of collectFields(selectionSet, connectionType, context)) {
    const name = nodes[0]?.name.value;
    const field = name ? connectionType.getFields()[name] : undefined;
    if (!field) continue;
    const selection = mergedSelectionSet(nodes);
    if (name === "nodes") {
      const children = selectionCost(selection, getNamedType(field.type) as GraphQLCompositeType, [...path, key], flags, context);
      noteCost(context, { path: [...path, key], definedCost: OBJECT_COST, requestedTotalCost: OBJECT_COST + children, requestedChildrenCost: children });
      perNode += OBJECT_COST + children;
    } else if (name === "edges" && selection) {
      const edgeType = getNamedType(field.type) as GraphQLObjectType;
      for (const [edgeKey, edgeNodes] of collectFields(selection, edgeType, context)) {
        const edgeFieldName = edgeNodes[0]?.name.value;
        const edgeField = edgeFieldName ? edgeType.getFields()[edgeFieldName] : undefined;
        if (!edgeField || edgeFieldName !== "node") continue;
        const children = selectionCost(mergedSelectionSet(edgeNodes), getNamedType(edgeField.type) as GraphQLCompositeType, [...path, key, edgeKey], flags, context);
        noteCost(context, { path: [...path, key, edgeKey], definedCost: OBJECT_COST, requestedTotalCost: OBJECT_COST + children, requestedChildrenCost: children });
        perNode += OBJECT_COST + children;
      }
    } else if (name !== "pageInfo") {
      extra += fieldCost(connectionType, nodes, [...path, key], flags, context);
    }
  }
  return { perNode, extra };
}

function fieldCost(parentType: GraphQLObjectType, nodes: readonly FieldNode[], path: readonly (string | number)[], flags: CostFlags, context: WalkContext): number {
  const node = nodes[0];
  if (!node) return 0;
  const fieldName = node.name.value;
  if (fieldName.startsWith("__")) return 0;
  const field = parentType.getFields()[fieldName];
  if (!field) return 0;
  let args: Record<string, unknown> = {};
  try {
    args = getArgumentValues(field, node, context.variables);
  } catch {
    // Invalid variables are reported by execution with graphql-js' own error.
  }
  checkInputArrays(args, [...path], node, context);
  const namedType = getNamedType(field.type);
  const selection = mergedSelectionSet(nodes);
  const isMutationRoot = parentType === context.schema.getMutationType();

  if (isMutationRoot) {
    const children = selectionCost(selection, namedType as GraphQLCompositeType, path, { inMutationPayload: true }, context);
    noteCost(context, { path, definedCost: MUTATION_COST, requestedTotalCost: MUTATION_COST + children, requestedChildrenCost: children });
    return MUTATION_COST + children;
  }
  if (isLeafType(namedType)) {
    noteCost(context, { path, definedCost: 0, requestedTotalCost: 0, requestedChildrenCost: null });
    return 0;
  }
  if (isConnectionField(field)) {
    const size = pageSize(field, args, node, path, context);
    const { perNode, extra } = connectionNodeCost(namedType as GraphQLObjectType, selection, path, { inMutationPayload: false }, context);
    const total = CONNECTION_COST + size * perNode + extra;
    noteCost(context, { path, definedCost: null, requestedTotalCost: total, requestedChildrenCost: perNode });
    return total;
  }
  const objectCost = flags.inMutationPayload ? 0 : OBJECT_COST;
  const children = selectionCost(selection, namedType as GraphQLCompositeType, path, flags, context);
  const total = parentType === context.schema.getQueryType() && fieldName === "nodes" && Array.isArray(args["ids"]) ? args["ids"].length * (objectCost + children) : objectCost + children;
  noteCost(context, { path, definedCost: objectCost, requestedTotalCost: total, requestedChildrenCost: children });
  return total;
}

export interface StaticAnalysis {
  readonly requestedCost: number;
  /** Argument rule violations; when present the operation must not run. */
  readonly errors: readonly SerializedGraphQLError[];
  readonly rootFields: readonly string[];
  /** The per-field breakdown, when asked for (`costDebug`). */
  readonly fieldCosts: readonly FieldCost[] | null;
}

export function analyseOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  variables: Readonly<Record<string, unknown>>,
  options: { readonly requirePageSize?: boolean; readonly costDebug?: boolean } = {},
): StaticAnalysis {
  const rootType = operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  const context: WalkContext = { schema, fragments, variables, errors: [], requirePageSize: options.requirePageSize ?? true, fieldCosts: options.costDebug ? new Map() : null };
  if (!rootType) return { requestedCost: 0, errors: [], rootFields: [], fieldCosts: null };
  const fields = collectFields(operation.selectionSet, rootType, context);
  let requestedCost = 0;
  for (const [key, nodes] of fields) requestedCost += fieldCost(rootType, nodes, [key], { inMutationPayload: false }, context);
  const rootFields = [...fields.values()].map((nodes) => nodes[0]?.name.value ?? "").filter((name) => name !== "" && !name.startsWith("__"));
  return { requestedCost, errors: context.errors, rootFields, fieldCosts: context.fieldCosts ? [...context.fieldCosts.values()] : null };
}

