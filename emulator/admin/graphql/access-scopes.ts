/**
 * Access-scope requirements per type and field, taken from the `offline_scopes`
 * table that ships with the schema introspection. Enforcing them means an app
 * that forgets a scope in shopify.app.toml fails here with Shopify's
 * ACCESS_DENIED error instead of failing first in production.
 */
import { z } from "zod";

export const accessScopeItemSchema = z.object({
  type: z.enum(["type", "field"]),
  typeName: z.string(),
  fieldName: z.string().optional(),
  requiredAccess: z.string(),
  offlineScopes: z.array(z.string()),
});
export type AccessScopeItem = z.infer<typeof accessScopeItemSchema>;

export interface AccessRequirement {
  /** Any one of these satisfies the requirement. */
  readonly anyOf: readonly string[];
  /** Shopify's own wording, echoed in ACCESS_DENIED errors. */
  readonly description: string;
}

export class AccessScopeIndex {
  private readonly types = new Map<string, AccessRequirement>();
  /** Type name -> field name -> requirement; nested so lookups allocate no key strings. */
  private readonly fields = new Map<string, Map<string, AccessRequirement>>();

  constructor(items: readonly AccessScopeItem[]) {
    for (const item of items) {
      if (item.offlineScopes.length === 0) continue;
      const requirement = { anyOf: item.offlineScopes, description: item.requiredAccess };
      if (item.type === "type") this.types.set(item.typeName, requirement);
      else if (item.fieldName !== undefined) {
        let byField = this.fields.get(item.typeName);
        if (!byField) {
          byField = new Map();
          this.fields.set(item.typeName, byField);
        }
        byField.set(item.fieldName, requirement);
      }
    }
  }

  forType(typeName: string): AccessRequirement | undefined {
    return this.types.get(typeName);
  }

  forField(typeName: string, fieldName: string): AccessRequirement | undefined {
    return this.fields.get(typeName)?.get(fieldName);
  }
}

/** The scopes an access token carries; `write_x` implies `read_x` as on Shopify. */
export class GrantedScopes {
  private readonly scopes: ReadonlySet<string>;

  constructor(scopeList: string) {
    const scopes = new Set<string>();
    for (const raw of scopeList.split(",")) {
      const scope = raw.trim();
      if (scope === "") continue;
      scopes.add(scope);
      if (scope.startsWith("write_")) scopes.add(`read_${scope.slice("write_".length)}`);
    }
    this.scopes = scopes;
  }

  satisfies(requirement: AccessRequirement | undefined): boolean {
    if (!requirement) return true;
    return requirement.anyOf.some((scope) => this.scopes.has(scope));
  }

  toString(): string {
    return [...this.scopes].join(",");
  }
}
