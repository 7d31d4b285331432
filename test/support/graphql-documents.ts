import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface GraphqlDocument {
  file: string;
  line: number;
  source: string;
}

function walk(directory: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(directory);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) return [];
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) return walk(full);
    return /\.(ts|tsx|js|jsx|mjs|graphql|gql)$/.test(name) && !/\.test\./.test(name) ? [full] : [];
  });
}

/**
 * Every GraphQL document in the given folders: whole .graphql files, and
 * template literals that start with the `#graphql` marker (the convention of
 * Shopify's template and of this codebase). Interpolation inside a document is
 * refused, since the document could then not be checked as written.
 */
export function extractGraphqlDocuments(directories: string[]): GraphqlDocument[] {
  const documents: GraphqlDocument[] = [];
  for (const file of directories.flatMap(walk)) {
    const text = readFileSync(file, "utf8");
    if (/\.(graphql|gql)$/.test(file)) {
      documents.push({ file, line: 1, source: text });
      continue;
    }
    for (const match of text.matchAll(/`\s*#graphql\b([\s\S]*?)`/g)) {
      const body = match[1] as string;
      const line = text.slice(0, match.index).split("\n").length;
      if (body.includes("${")) throw new Error(`${file}:${line}: a #graphql document must not interpolate values; use variables`);
      documents.push({ file, line, source: body });
    }
  }
  return documents;
}
