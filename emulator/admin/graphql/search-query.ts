/**
 * The subset of Shopify's search syntax (https://shopify.dev/docs/api/usage/search-syntax)
 * that Plume uses: free text, `field:value`, comparators (`updated_at:>2024-01-01`),
 * quoted values, `*` prefix wildcards, AND / OR / NOT (upper case, as Shopify
 * requires), `-` negation and parentheses. Terms side by side mean AND; OR
 * binds looser than AND.
 *
 * Unknown fields behave as on Shopify: the term is ignored (matches everything)
 * and a warning is reported under `extensions.search`.
 */

import { foldAccents } from "../text-folding";

export type Comparator = ">" | ">=" | "<" | "<=" | "=";

export interface SearchTerm {
  readonly kind: "term";
  readonly field: string | null;
  readonly comparator: Comparator;
  readonly value: string;
  readonly quoted: boolean;
  /** `title:sh*`: matches words starting with the value. */
  readonly prefix: boolean;
}

export type SearchNode = SearchTerm | { readonly kind: "and" | "or"; readonly children: readonly SearchNode[] } | { readonly kind: "not"; readonly child: SearchNode } | { readonly kind: "all" };

type Token = { readonly type: "open" | "close" | "and" | "or" | "not" } | { readonly type: "term"; readonly term: SearchTerm; readonly negated: boolean };

function readTerm(raw: string, quotedValue: string | null): SearchTerm {
  let field: string | null = null;
  let rest = raw;
  const colon = raw.indexOf(":");
  if (colon > 0 && /^[a-z_][a-z0-9_.]*$/i.test(raw.slice(0, colon))) {
    field = raw.slice(0, colon).toLowerCase();
    rest = raw.slice(colon + 1);
  }
  let comparator: Comparator = "=";
  const comparatorMatch = /^(>=|<=|>|<|=)/.exec(rest);
  if (field !== null && comparatorMatch?.[1]) {
    comparator = comparatorMatch[1] as Comparator;
    rest = rest.slice(comparatorMatch[1].length);
  }
  const value = quotedValue ?? rest;
  const prefix = quotedValue === null && value.endsWith("*");
  return { kind: "term", field, comparator, value: prefix ? value.slice(0, -1) : value, quoted: quotedValue !== null, prefix };
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < query.length) {
    const character = query.charAt(index);
    if (/\s/.test(character)) {
      index += 1;
      continue;
    }
    if (character === "(" || character === ")") {
      tokens.push({ type: character === "(" ? "open" : "close" });
      index += 1;
      continue;
    }
    let negated = false;
    if (character === "-" && index + 1 < query.length && !/\s/.test(query.charAt(index + 1))) {
      negated = true;
      index += 1;
    }
    // A term runs to whitespace or a parenthesis, except inside quotes.
    let raw = "";
    let quotedValue: string | null = null;
    while (index < query.length) {
      const current = query.charAt(index);
      if (current === '"' || current === "'") {
        const end = query.indexOf(current, index + 1);
        const closing = end === -1 ? query.length : end;
        quotedValue = query.slice(index + 1, closing);
        index = closing + 1;
        continue;
      }
      if (/\s/.test(current) || current === "(" || current === ")") break;
      raw += current;
      index += 1;
    }
    if (!negated && quotedValue === null && (raw === "AND" || raw === "OR" || raw === "NOT")) {
      tokens.push({ type: raw === "AND" ? "and" : raw === "OR" ? "or" : "not" });
      continue;
    }
    if (raw === "" && quotedValue === null) continue;
    tokens.push({ type: "term", term: readTerm(raw, quotedValue), negated });
  }
  return tokens;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): SearchNode {
    if (this.tokens.length === 0) return { kind: "all" };
    const node = this.parseOr();
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private parseOr(): SearchNode {
    const children = [this.parseAnd()];
    while (this.peek()?.type === "or") {
      this.position += 1;
      children.push(this.parseAnd());
    }
    return children.length === 1 ? (children[0] as SearchNode) : { kind: "or", children };
  }

  private parseAnd(): SearchNode {
    const children = [this.parseUnary()];
    for (;;) {
      const next = this.peek();
      if (!next || next.type === "or" || next.type === "close") break;
      if (next.type === "and") this.position += 1;
      children.push(this.parseUnary());
    }
    return children.length === 1 ? (children[0] as SearchNode) : { kind: "and", children };
  }

  private parseUnary(): SearchNode {
    const token = this.peek();
    if (!token) return { kind: "all" };
    if (token.type === "not") {
      this.position += 1;
      return { kind: "not", child: this.parseUnary() };
    }
    if (token.type === "open") {
      this.position += 1;
      const inner = this.parseOr();
      if (this.peek()?.type === "close") this.position += 1;
      return inner;
    }
    this.position += 1;
    if (token.type === "term") return token.negated ? { kind: "not", child: token.term } : token.term;
    // A stray AND/OR/closing parenthesis: Shopify ignores it, so do we.
    return { kind: "all" };
  }
}

export function parseSearchQuery(query: string): SearchNode {
  return new Parser(tokenize(query)).parse();
}

/** Lower-cased, accent-free words: how Shopify's search tokenises text. */
export function searchWords(text: string): string[] {
  return foldAccents(text)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "");
}

/** Word match: every word of the term appears; quoted terms must appear as a phrase. */
export function textMatches(text: string, term: SearchTerm): boolean {
  const haystack = searchWords(text);
  const needles = searchWords(term.value);
  if (needles.length === 0) return true;
  const wordMatches = (word: string, needle: string, isLast: boolean): boolean => (term.prefix && isLast ? word.startsWith(needle) : word === needle);
  if (term.quoted) {
    for (let start = 0; start + needles.length <= haystack.length; start += 1) {
      if (needles.every((needle, offset) => wordMatches(haystack[start + offset] ?? "", needle, offset === needles.length - 1))) return true;
    }
    return false;
  }
  return needles.every((needle, index) => haystack.some((word) => wordMatches(word, needle, index === needles.length - 1)));
}

/** Whole-value match, case-insensitive (vendor:, product_type:, tag:); `*` makes it a prefix. */
export function exactMatches(value: string, term: SearchTerm): boolean {
  const left = value.toLowerCase();
  const right = term.value.toLowerCase();
  return term.prefix ? left.startsWith(right) : left === right;
}

export function compareNumbers(left: number, term: SearchTerm, right: number): boolean {
  switch (term.comparator) {
    case ">":
      return left > right;
    case ">=":
      return left >= right;
    case "<":
      return left < right;
    case "<=":
      return left <= right;
    case "=":
      return left === right;
  }
}

/** Dates: a bare date means that whole UTC day for `=`, its start otherwise. */
export function dateMatches(epochMs: number, term: SearchTerm): boolean {
  const raw = term.value.trim();
  const isDay = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const parsed = Date.parse(isDay ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(parsed)) return false;
  if (isDay && term.comparator === "=") return epochMs >= parsed && epochMs < parsed + 86_400_000;
  if (isDay && term.comparator === "<=") return epochMs < parsed + 86_400_000;
  if (isDay && term.comparator === ">") return epochMs >= parsed + 86_400_000;
  return compareNumbers(epochMs, term, parsed);
}

export interface SearchFields<Item> {
  /** Field name → matcher; fields not listed produce a warning and match everything. */
  readonly fields: Readonly<Record<string, (item: Item, term: SearchTerm) => boolean>>;
  readonly freeText: (item: Item, term: SearchTerm) => boolean;
}

export interface CompiledSearch<Item> {
  readonly matches: (item: Item) => boolean;
  readonly warnings: readonly { readonly field: string; readonly message: string }[];
}

export function compileSearch<Item>(query: string | null | undefined, searchFields: SearchFields<Item>): CompiledSearch<Item> {
  const root = parseSearchQuery(query ?? "");
  const warnings: { field: string; message: string }[] = [];
  const build = (node: SearchNode): ((item: Item) => boolean) => {
    switch (node.kind) {
      case "all":
        return () => true;
      case "and": {
        const children = node.children.map(build);
        return (item) => children.every((child) => child(item));
      }
      case "or": {
        const children = node.children.map(build);
        return (item) => children.some((child) => child(item));
      }
      case "not": {
        const child = build(node.child);
        return (item) => !child(item);
      }
      case "term": {
        if (node.field === null) return (item) => searchFields.freeText(item, node);
        const matcher = searchFields.fields[node.field];
        if (!matcher) {
          warnings.push({ field: node.field, message: "Invalid search field for this query." });
          return () => true;
        }
        return (item) => matcher(item, node);
      }
    }
  };
  return { matches: build(root), warnings };
}
