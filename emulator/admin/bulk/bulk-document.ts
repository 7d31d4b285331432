/**
 * Checks a bulk query against Shopify's bulk restrictions
 * (https://shopify.dev/docs/api/usage/bulk-operations/queries): at least one
 * connection, at most five, nested at most two levels, and no top-level
 * `node`/`nodes`. It also adds two hidden aliases to every selection set
 * (`__bulkType: __typename`, `__bulkId: id`) so the JSONL writer knows each
 * object's concrete type and the id children reference as `__parentId`.
 */
import {
  getNamedType,
  isCompositeType,
  isUnionType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { isConnectionType } from "../graphql/cost";

export const BULK_TYPE_ALIAS = "__bulkType";
export const BULK_ID_ALIAS = "__bulkId";
export const MAX_BULK_CONNECTIONS = 5;
export const MAX_BULK_CONNECTION_DEPTH = 2;

export type BulkQueryCheck = { readonly ok: true } | { readonly ok: false; readonly message: string };

export function checkBulkQuery(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): BulkQueryCheck {
  if (operation.operation !== "query") return { ok: false, message: "Bulk queries must be query operations." };
  const rootFields = operation.selectionSet.selections.filter((selection): selection is FieldNode => selection.kind === Kind.FIELD);
  if (rootFields.some((field) => field.name.value === "node" || field.name.value === "nodes")) {
    return { ok: false, message: "Bulk queries cannot contain top level `node` or `nodes` fields." };
  }
  let connections = 0;
  let depth = 0;
  let deepest = 0;
  const typeInfo = new TypeInfo(schema);
  const connectionStack: boolean[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter() {
          const type = typeInfo.getType();
          const named = type ? getNamedType(type) : undefined;
          const isConnection = named !== undefined && isConnectionType(named);
          connectionStack.push(isConnection);
          if (isConnection) {
            connections += 1;
            depth += 1;
            deepest = Math.max(deepest, depth);
          }
        },
        leave() {
          if (connectionStack.pop()) depth -= 1;
        },
      },
    }),
  );
  if (connections === 0) return { ok: false, message: "Bulk queries must contain at least one connection." };
  if (connections > MAX_BULK_CONNECTIONS) return { ok: false, message: `Bulk queries cannot contain more than ${MAX_BULK_CONNECTIONS} connections.` };
  if (deepest > MAX_BULK_CONNECTION_DEPTH) return { ok: false, message: `Bulk queries cannot contain connections with a nesting depth greater than ${MAX_BULK_CONNECTION_DEPTH}.` };
  return { ok: true };
}

function aliasField(alias: string, name: string): FieldNode {
  return { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: alias }, name: { kind: Kind.NAME, value: name } };
}

/** A copy of the document with `__bulkType`/`__bulkId` added wherever they apply. */
export function withBulkAliases(schema: GraphQLSchema, document: DocumentNode): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet: {
        leave(node: SelectionSetNode): SelectionSetNode {
          const parent = typeInfo.getParentType();
          if (!parent || !isCompositeType(parent)) return node;
          const extra: FieldNode[] = [aliasField(BULK_TYPE_ALIAS, "__typename")];
          // Every emulated object that can own a nested connection has an `id`.
          if (!isUnionType(parent) && "id" in parent.getFields()) extra.push(aliasField(BULK_ID_ALIAS, "id"));
          return { ...node, selections: [...node.selections, ...extra] };
        },
      },
    }),
  );
}
