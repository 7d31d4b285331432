import { readFileSync } from "node:fs";
import path from "node:path";
import { getNamedType, NoDeprecatedCustomRule, parse, specifiedRules, TypeInfo, validate, visit, visitWithTypeInfo } from "graphql";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { loadAdminSchema } from "../../emulator/admin/graphql/schema";
import { extractGraphqlDocuments } from "../support/graphql-documents";

/**
 * Every GraphQL document Plume sends to Shopify, validated against the real
 * Admin schema of the pinned version: unknown fields, wrong arguments and any
 * deprecated field, argument or enum value fail here, before Shopify sees them.
 */
const root = path.resolve(import.meta.dirname, "../..");
const { schema, accessScopes } = loadAdminSchema();
const documents = extractGraphqlDocuments([path.join(root, "app"), path.join(root, "extensions")]);
const rules = [...specifiedRules, NoDeprecatedCustomRule];

function problemsOf(source: string): string[] {
  try {
    return validate(schema, parse(source), rules).map((error) => error.message);
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

describe("GraphQL documents in app/ and extensions/", () => {
  it("finds the app's documents", () => {
    expect(documents.length).toBeGreaterThanOrEqual(2);
  });

  it.each(documents.map((document) => [`${path.relative(root, document.file)}:${document.line}`, document] as const))(
    "%s is valid against the Admin schema and uses nothing deprecated",
    (_name, document) => {
      expect(problemsOf(document.source)).toEqual([]);
    },
  );

  it("uses only fields the app's access scopes allow", () => {
    const toml = parseToml(readFileSync(path.join(root, "shopify.app.toml"), "utf8")) as { access_scopes: { scopes: string } };
    const granted = new Set(toml.access_scopes.scopes.split(","));
    for (const scope of [...granted]) if (scope.startsWith("write_")) granted.add(scope.replace("write_", "read_"));
    const missing: string[] = [];
    for (const document of documents) {
      const typeInfo = new TypeInfo(schema);
      visit(
        parse(document.source),
        visitWithTypeInfo(typeInfo, {
          Field() {
            const parent = typeInfo.getParentType();
            const field = typeInfo.getFieldDef();
            if (!parent || !field) return;
            const requirements = [accessScopes.forField(parent.name, field.name), accessScopes.forType(getNamedType(field.type).name)];
            for (const requirement of requirements) {
              if (requirement && !requirement.anyOf.some((scope) => granted.has(scope))) {
                missing.push(`${parent.name}.${field.name} needs one of ${requirement.anyOf.join(", ")}`);
              }
            }
          },
        }),
      );
    }
    expect(missing).toEqual([]);
  });
});

describe("the validator itself", () => {
  it("rejects the deprecated productUpdate(input:) and productUpdateMedia", () => {
    expect(problemsOf(`mutation { productUpdate(input: { id: "gid://shopify/Product/1", title: "x" }) { product { id } } }`).join(" ")).toMatch(
      /deprecated/i,
    );
    expect(problemsOf(`mutation { productUpdateMedia(productId: "gid://shopify/Product/1", media: []) { media { alt } } }`).join(" ")).toMatch(
      /deprecated/i,
    );
  });

  it("rejects an unknown field and accepts the current productUpdate(product:)", () => {
    expect(problemsOf(`{ shop { notAField } }`)).not.toEqual([]);
    expect(problemsOf(`mutation { productUpdate(product: { id: "gid://shopify/Product/1", seo: { title: "x" } }) { userErrors { field message } } }`)).toEqual([]);
  });

  it("refuses a #graphql document that interpolates values", () => {
    const fixture = path.join(root, "test/graphql/fixtures/interpolated");
    expect(() => extractGraphqlDocuments([fixture])).toThrow(/must not interpolate/);
  });
});
