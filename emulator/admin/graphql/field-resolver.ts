/**
 * The single field resolver graphql-js calls for every field. It
 *   1. enforces access scopes per field and per returned type,
 *   2. dispatches to the resolver map, or fails with "<Type>.<field> is not
 *      emulated" so an unimplemented field is never a silent null,
 *   3. adds the field's share to the actual query cost from what it returned.
 *
 * Actual cost mirrors the requested-cost rules (see cost.ts) on real data: a
 * connection costs 2 plus one point per node returned (at least one, as
 * observed on Shopify for an empty page), an object field costs 1 even when
 * null (Shopify charges `product(id:)` 1 for a missing product), leaves cost 0,
 * and inside a mutation payload objects are covered by the mutation's 10.
 */
import { getNamedType, isAbstractType, isLeafType, isObjectType, type GraphQLFieldResolver, type GraphQLNamedType, type GraphQLResolveInfo } from "graphql";
import { ConnectionValue } from "./connection";
import type { RequestContext, ResolverMap } from "./context";
import { CONNECTION_COST, isConnectionType, MUTATION_COST, OBJECT_COST } from "./cost";
import { accessDeniedError, notEmulatedError } from "./errors";

/** An edge computes its cursor only if the query selects it. */
class EdgeValue<Item> {
  constructor(
    readonly node: Item,
    private readonly connection: ConnectionValue<Item>,
  ) {}

  get cursor(): string {
    return this.connection.cursorOf(this.node);
  }
}

const edgeTypes = new WeakMap<GraphQLNamedType, boolean>();

function isEdgeType(type: GraphQLNamedType): boolean {
  let known = edgeTypes.get(type);
  if (known === undefined) {
    const fields = isObjectType(type) && type.name.endsWith("Edge") ? type.getFields() : undefined;
    known = fields !== undefined && "node" in fields && "cursor" in fields;
    edgeTypes.set(type, known);
  }
  return known;
}

const CONNECTION_FIELDS: ReadonlySet<string> = new Set(["nodes", "edges", "pageInfo"]);

/** Edges, nodes and pageInfo work the same for every connection. */
function resolveConnectionField(source: ConnectionValue<unknown>, fieldName: string): unknown {
  switch (fieldName) {
    case "nodes":
      return source.items;
    case "edges":
      return source.items.map((node) => new EdgeValue(node, source));
    case "pageInfo":
      return source.pageInfo;
    default:
      return undefined;
  }
}

function nodeTypeOfConnection(type: GraphQLNamedType): GraphQLNamedType | undefined {
  if (!isObjectType(type)) return undefined;
  const nodes = type.getFields()["nodes"];
  return nodes ? getNamedType(nodes.type) : undefined;
}

function checkAccess(info: GraphQLResolveInfo, context: RequestContext): void {
  const access = context.schema.accessScopes;
  const fieldRequirement = access.forField(info.parentType.name, info.fieldName);
  if (fieldRequirement && !context.scopes.satisfies(fieldRequirement)) throw accessDeniedError(info.fieldName, fieldRequirement);
  const returned = getNamedType(info.returnType);
  const target = isConnectionType(returned) ? nodeTypeOfConnection(returned) : returned;
  if (!target || !isObjectType(target) || isConnectionType(info.parentType) || isEdgeType(info.parentType)) return;
  const typeRequirement = access.forType(target.name);
  if (typeRequirement && !context.scopes.satisfies(typeRequirement)) throw accessDeniedError(info.fieldName, typeRequirement);
}

function checkConcreteTypeAccess(value: unknown, info: GraphQLResolveInfo, context: RequestContext): void {
  if (!isAbstractType(getNamedType(info.returnType)) || value === null || typeof value !== "object") return;
  const typeName = (value as { __typename?: unknown }).__typename;
  if (typeof typeName !== "string") return;
  const requirement = context.schema.accessScopes.forType(typeName);
  if (requirement && !context.scopes.satisfies(requirement)) throw accessDeniedError(info.fieldName, requirement);
}

function chargeActualCost(value: unknown, args: Record<string, unknown>, info: GraphQLResolveInfo, context: RequestContext): void {
  const named = getNamedType(info.returnType);
  if (isLeafType(named)) return;
  const schema = context.schema.schema;
  if (info.parentType === schema.getMutationType()) {
    context.cost.actual += MUTATION_COST;
    return;
  }
  if (isConnectionType(named)) {
    const empty = value instanceof ConnectionValue && value.items.length === 0;
    context.cost.actual += CONNECTION_COST + (empty ? OBJECT_COST : 0);
    return;
  }
  if (isConnectionType(info.parentType)) {
    if (info.fieldName === "nodes" && Array.isArray(value)) context.cost.actual += value.length * OBJECT_COST;
    return;
  }
  if (isEdgeType(info.parentType)) {
    if (info.fieldName === "node") context.cost.actual += OBJECT_COST;
    return;
  }
  if (context.operationType === "mutation") return;
  if (info.parentType === schema.getQueryType() && info.fieldName === "nodes" && Array.isArray(args["ids"])) {
    context.cost.actual += args["ids"].length * OBJECT_COST;
    return;
  }
  context.cost.actual += OBJECT_COST;
}

export function createFieldResolver(resolvers: ResolverMap): GraphQLFieldResolver<unknown, RequestContext> {
  return (source, args, context, info) => {
    checkAccess(info, context);
    const typeName = info.parentType.name;
    let value: unknown;
    if (source instanceof ConnectionValue && CONNECTION_FIELDS.has(info.fieldName) && isConnectionType(info.parentType)) {
      value = resolveConnectionField(source, info.fieldName);
    } else if (source instanceof EdgeValue && (info.fieldName === "node" || info.fieldName === "cursor")) {
      value = info.fieldName === "node" ? source.node : source.cursor;
    } else {
      const resolver = resolvers[typeName]?.[info.fieldName];
      if (!resolver) throw notEmulatedError(typeName, info.fieldName, info.fieldNodes);
      value = resolver(source, args, context, info);
    }
    checkConcreteTypeAccess(value, info, context);
    chargeActualCost(value, args, info, context);
    return value;
  };
}
