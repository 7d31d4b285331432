/** The userErrors objects mutations return, with Shopify's field paths and (where the type has one) codes. */
import { propertyResolvers, type ResolverMap } from "../context";

export interface UserErrorValue {
  readonly field: readonly string[] | null;
  readonly message: string;
  readonly code?: string | null;
}

export function userError(field: readonly (string | number)[] | null, message: string, code?: string): UserErrorValue {
  return { field: field === null ? null : field.map(String), message, code: code ?? null };
}

export const userErrorResolvers: ResolverMap = {
  UserError: propertyResolvers("field", "message"),
  FilesUserError: propertyResolvers("field", "message", "code"),
  TranslationUserError: propertyResolvers("field", "message", "code"),
  BulkOperationUserError: propertyResolvers("field", "message", "code"),
  BulkMutationUserError: propertyResolvers("field", "message", "code"),
};
