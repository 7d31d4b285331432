/**
 * Relay-style cursor pagination over an already filtered and sorted list, with
 * Shopify's cursor format (base64 of {"last_id":…,"last_value":…}). A cursor
 * whose item has since disappeared still works: its (value, id) pair is
 * compared against the list to find where the page continues.
 *
 * Bulk operations read whole connections: nested ones completely, the root one
 * in windows driven by the bulk runner.
 */
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import { z } from "zod";
import type { RequestContext } from "./context";

export interface CursorPayload {
  readonly last_id: number;
  readonly last_value: string;
}

const cursorPayloadSchema = z.object({ last_id: z.number(), last_value: z.union([z.string(), z.number()]).transform(String) });

export function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64");
}

export function decodeCursor(cursor: string): CursorPayload {
  try {
    return cursorPayloadSchema.parse(JSON.parse(Buffer.from(cursor, "base64").toString("utf8")));
  } catch {
    throw new GraphQLError("Invalid cursor for current pagination sort.", { extensions: { code: "BAD_REQUEST" } });
  }
}

export interface PageInfoValue {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export class ConnectionValue<Item> {
  constructor(
    readonly items: readonly Item[],
    /** Cursors are computed on demand: bulk reads and `nodes` selections never need them. */
    readonly cursorOf: (item: Item) => string,
    readonly pageInfo: PageInfoValue,
  ) {}
}

export const paginationArgsSchema = z.object({
  first: z.number().int().nullish(),
  last: z.number().int().nullish(),
  after: z.string().nullish(),
  before: z.string().nullish(),
});
export type PaginationArgs = z.infer<typeof paginationArgsSchema>;

/** How a list's items map to cursors and compare against a cursor of the same sort. */
export interface CursorKey<Item> {
  id(item: Item): number;
  value(item: Item): string;
  /** Negative if `item` sorts before the cursor position, positive if after. */
  compareToCursor(item: Item, cursor: CursorPayload): number;
}

/** A cursor key for lists already in ascending id order (the default sort). */
export function idCursorKey<Item>(id: (item: Item) => number): CursorKey<Item> {
  return {
    id,
    value: (item) => String(id(item)),
    compareToCursor: (item, cursor) => id(item) - cursor.last_id,
  };
}

/** Index of the first item strictly after the cursor. */
function afterBoundary<Item>(items: readonly Item[], cursor: CursorPayload, key: CursorKey<Item>): number {
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index] as Item;
    if (key.id(item) === cursor.last_id) return index + 1;
    if (key.compareToCursor(item, cursor) > 0) return index;
  }
  return items.length;
}

/** Index of the first item at or after the cursor (everything before it is "before"). */
function beforeBoundary<Item>(items: readonly Item[], cursor: CursorPayload, key: CursorKey<Item>): number {
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index] as Item;
    if (key.id(item) === cursor.last_id) return index;
    if (key.compareToCursor(item, cursor) > 0) return index;
  }
  return items.length;
}

function isRootField(info: GraphQLResolveInfo): boolean {
  return info.path.prev === undefined;
}

export function paginate<Item>(items: readonly Item[], rawArgs: Record<string, unknown>, key: CursorKey<Item>, context: RequestContext, info: GraphQLResolveInfo): ConnectionValue<Item> {
  const args = paginationArgsSchema.parse(rawArgs);
  const cursorOf = (item: Item): string => encodeCursor({ last_id: key.id(item), last_value: key.value(item) });

  if (context.bulk) {
    if (!isRootField(info)) return new ConnectionValue(items, cursorOf, { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
    const { offset, size } = context.bulk.rootWindow;
    context.bulk.rootTotal = items.length;
    const window = items.slice(offset, offset + size);
    return new ConnectionValue(window, cursorOf, {
      hasNextPage: offset + size < items.length,
      hasPreviousPage: offset > 0,
      startCursor: null,
      endCursor: null,
    });
  }

  let start = args.after ? afterBoundary(items, decodeCursor(args.after), key) : 0;
  let end = args.before ? beforeBoundary(items, decodeCursor(args.before), key) : items.length;
  if (end < start) end = start;
  if (args.first !== null && args.first !== undefined) end = Math.min(end, start + Math.max(0, args.first));
  if (args.last !== null && args.last !== undefined) start = Math.max(start, end - Math.max(0, args.last));

  const page = items.slice(start, end);
  const first = page[0];
  const last = page.at(-1);
  return new ConnectionValue(page, cursorOf, {
    hasNextPage: end < items.length,
    hasPreviousPage: start > 0,
    startCursor: first === undefined ? null : cursorOf(first),
    endCursor: last === undefined ? null : cursorOf(last),
  });
}
