/**
 * Turns a bulk query result into Shopify's JSONL: one JSON object per line;
 * every node of a connection is its own line; a node inside a nested
 * connection carries `__parentId` with its parent node's id; connection fields
 * are left out of their parent's line; plain nested objects stay inline.
 * Children follow their parent here; bulk-runner scatters them afterwards
 * unless the operation asked for `groupObjects: true` (see ungroup.ts).
 */
import { getNamedType, isLeafType, isObjectType, type GraphQLCompositeType, type GraphQLObjectType, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { collectFields, isConnectionField, mergedSelectionSet, type CollectContext } from "../graphql/cost";
import { BULK_ID_ALIAS, BULK_TYPE_ALIAS } from "./bulk-document";

export type JsonLine = Record<string, unknown>;

interface FlattenState {
  readonly collect: CollectContext;
  readonly emit: (line: JsonLine) => void;
}

type Deferred = () => void;

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function concreteType(value: Record<string, unknown>, declared: GraphQLCompositeType, state: FlattenState): GraphQLObjectType | null {
  const name = value[BULK_TYPE_ALIAS];
  const type = typeof name === "string" ? state.collect.schema.getType(name) : declared;
  return type && isObjectType(type) ? type : null;
}

function project(value: Record<string, unknown>, selectionSet: SelectionSetNode | undefined, declared: GraphQLCompositeType, nearestId: string | undefined, children: Deferred[], state: FlattenState): JsonLine {
  const line: JsonLine = {};
  const objectType = concreteType(value, declared, state);
  if (!selectionSet || !objectType) return line;
  const ownId = typeof value[BULK_ID_ALIAS] === "string" ? (value[BULK_ID_ALIAS] as string) : nearestId;
  for (const [key, nodes] of collectFields(selectionSet, objectType, state.collect)) {
    if (key === BULK_TYPE_ALIAS || key === BULK_ID_ALIAS) continue;
    const fieldName = nodes[0]?.name.value ?? key;
    const fieldValue = value[key];
    if (fieldName === "__typename") {
      line[key] = fieldValue;
      continue;
    }
    const field = objectType.getFields()[fieldName];
    if (!field) continue;
    const selection = mergedSelectionSet(nodes);
    const named = getNamedType(field.type);
    if (isConnectionField(field)) {
      const connection = asRecord(fieldValue);
      if (connection) children.push(() => flattenConnection(connection, selection, named as GraphQLObjectType, ownId, state));
      continue;
    }
    if (isLeafType(named) || fieldValue === null || fieldValue === undefined) {
      line[key] = fieldValue ?? null;
    } else if (Array.isArray(fieldValue)) {
      line[key] = fieldValue.map((item) => {
        const record = asRecord(item);
        return record ? project(record, selection, named as GraphQLCompositeType, ownId, children, state) : item;
      });
    } else {
      const record = asRecord(fieldValue);
      line[key] = record ? project(record, selection, named as GraphQLCompositeType, ownId, children, state) : fieldValue;
    }
  }
  return line;
}

function emitNode(item: Record<string, unknown>, selection: SelectionSetNode | undefined, nodeType: GraphQLCompositeType, parentId: string | undefined, state: FlattenState): void {
  const children: Deferred[] = [];
  const line = project(item, selection, nodeType, undefined, children, state);
  if (parentId !== undefined) line["__parentId"] = parentId;
  state.emit(line);
  for (const child of children) child();
}

/** Emits one line per node of the connection; returns how many nodes it had. */
function flattenConnection(connection: Record<string, unknown>, selectionSet: SelectionSetNode | undefined, connectionType: GraphQLObjectType, parentId: string | undefined, state: FlattenState): number {
  if (!selectionSet) return 0;
  const seen = new Set<unknown>();
  let count = 0;
  const visit = (item: unknown, selection: SelectionSetNode | undefined, nodeType: GraphQLCompositeType): void => {
    const record = asRecord(item);
    if (!record) return;
    const identity = record[BULK_ID_ALIAS] ?? record;
    if (seen.has(identity)) return;
    seen.add(identity);
    count += 1;
    emitNode(record, selection, nodeType, parentId, state);
  };
  for (const [key, nodes] of collectFields(selectionSet, connectionType, state.collect)) {
    const name = nodes[0]?.name.value;
    const field = name ? connectionType.getFields()[name] : undefined;
    const list = connection[key];
    if (!field || !Array.isArray(list)) continue;
    if (name === "nodes") {
      for (const item of list) visit(item, mergedSelectionSet(nodes), getNamedType(field.type) as GraphQLCompositeType);
    } else if (name === "edges") {
      const edgeType = getNamedType(field.type) as GraphQLObjectType;
      const edgeSelection = mergedSelectionSet(nodes);
      if (!edgeSelection) continue;
      for (const [edgeKey, edgeNodes] of collectFields(edgeSelection, edgeType, state.collect)) {
        const nodeField = edgeType.getFields()[edgeNodes[0]?.name.value ?? ""];
        if (edgeNodes[0]?.name.value !== "node" || !nodeField) continue;
        for (const edge of list) visit(asRecord(edge)?.[edgeKey], mergedSelectionSet(edgeNodes), getNamedType(nodeField.type) as GraphQLCompositeType);
      }
    }
  }
  return count;
}

/** Writes the lines of one executed window of a bulk query; returns the number of root objects. */
export function flattenBulkResult(data: Record<string, unknown>, operation: OperationDefinitionNode, collect: CollectContext, emit: (line: JsonLine) => void): number {
  const state: FlattenState = { collect, emit };
  const rootType = collect.schema.getQueryType();
  if (!rootType) return 0;
  let roots = 0;
  for (const [key, nodes] of collectFields(operation.selectionSet, rootType, collect)) {
    const field = rootType.getFields()[nodes[0]?.name.value ?? ""];
    const value = asRecord(data[key]);
    if (!field || !value) continue;
    const selection = mergedSelectionSet(nodes);
    if (isConnectionField(field)) {
      roots += flattenConnection(value, selection, getNamedType(field.type) as GraphQLObjectType, undefined, state);
    } else {
      roots += 1;
      emitNode(value, selection, getNamedType(field.type) as GraphQLCompositeType, undefined, state);
    }
  }
  return roots;
}
