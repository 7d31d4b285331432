/**
 * GraphQL errors in the shapes Shopify returns. Shopify runs graphql-ruby, so
 * its validation messages differ from graphql-js'; the common ones are
 * translated here (message and `extensions.code`) so client code that inspects
 * them behaves the same against the emulator.
 */
import { GraphQLError, type ASTNode } from "graphql";
import type { AccessRequirement } from "./access-scopes";

export const RATE_LIMIT_DOCUMENTATION = "https://shopify.dev/api/usage/rate-limits";
export const ACCESS_SCOPES_DOCUMENTATION = "https://shopify.dev/api/usage/access-scopes";

export interface SerializedGraphQLError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

/** A field or type the emulator deliberately does not implement: fail loudly, never a silent null. */
export function notEmulatedError(typeName: string, fieldName: string, nodes?: readonly ASTNode[]): GraphQLError {
  return new GraphQLError(`${typeName}.${fieldName} is not emulated`, {
    nodes,
    extensions: { code: "NOT_EMULATED", typeName, fieldName },
  });
}

/** An argument or input the emulator does not implement for an otherwise emulated field. */
export function notEmulatedInputError(description: string): GraphQLError {
  return new GraphQLError(`${description} is not emulated`, { extensions: { code: "NOT_EMULATED" } });
}

export function accessDeniedError(fieldName: string, requirement: AccessRequirement): GraphQLError {
  return new GraphQLError(`Access denied for ${fieldName} field. Required access: ${requirement.description}`, {
    extensions: { code: "ACCESS_DENIED", documentation: ACCESS_SCOPES_DOCUMENTATION, requiredAccess: requirement.description },
  });
}

export function invalidGlobalIdError(value: string): GraphQLError {
  return new GraphQLError(`Invalid global id '${value}'`, { extensions: { code: "argumentLiteralsIncompatible" } });
}

export function throttledError(): SerializedGraphQLError {
  return { message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMIT_DOCUMENTATION } };
}

/** Shopify's wording, including the pointer to bulk operations. */
export function maxCostExceededError(cost: number, maxCost: number): SerializedGraphQLError {
  return {
    message:
      `Query cost is ${cost}, which exceeds the single query max cost limit (${maxCost}).\n\n` +
      "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
      "cost of a query is calculated.\n\n" +
      "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
      "See https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n",
    extensions: { code: "MAX_COST_EXCEEDED", cost, maxCost, documentation: RATE_LIMIT_DOCUMENTATION },
  };
}

interface Translation {
  readonly pattern: RegExp;
  readonly translate: (match: RegExpExecArray) => { message: string; extensions: Record<string, unknown> };
}

/** graphql-js message → graphql-ruby (Shopify) message and code, for the validation errors apps hit most. */
const VALIDATION_TRANSLATIONS: readonly Translation[] = [
  {
    pattern: /^Cannot query field "([^"]+)" on type "([^"]+)"\./,
    translate: (match) => ({
      message: `Field '${match[1]}' doesn't exist on type '${match[2]}'`,
      extensions: { code: "undefinedField", typeName: match[2], fieldName: match[1] },
    }),
  },
  {
    pattern: /^Unknown argument "([^"]+)" on field "([^".]+)\.([^"]+)"\./,
    translate: (match) => ({
      message: `Field '${match[3]}' doesn't accept argument '${match[1]}'`,
      extensions: { code: "argumentNotAccepted", name: match[3], typeName: "Field", argumentName: match[1] },
    }),
  },
  {
    pattern: /^Field "([^"]+)" argument "([^"]+)" of type "([^"]+)" is required, but it was not provided\./,
    translate: (match) => ({
      message: `Field '${match[1]}' is missing required arguments: ${match[2]}`,
      extensions: { code: "missingRequiredArguments", className: "Field", name: match[1], arguments: match[2] },
    }),
  },
  {
    pattern: /^Variable "\$([^"]+)" is never used/,
    translate: (match) => ({
      message: `Variable $${match[1]} is declared by anonymous query but not used`,
      extensions: { code: "variableNotUsed", variableName: match[1] },
    }),
  },
  {
    pattern: /^Variable "\$([^"]+)" is not defined/,
    translate: (match) => ({
      message: `Variable $${match[1]} is used by anonymous query but not declared`,
      extensions: { code: "variableNotDefined", variableName: match[1] },
    }),
  },
  {
    pattern: /^Unknown type "([^"]+)"\./,
    translate: (match) => ({
      message: `No such type ${match[1]}, so it can't be a fragment condition`,
      extensions: { code: "undefinedType", typeName: match[1] },
    }),
  },
  {
    pattern: /^Field "([^"]+)" must not have a selection since type "([^"]+)" has no subfields\./,
    translate: (match) => ({
      message: `Selections can't be made on scalars (field '${match[1]}' returns ${match[2]} but has selections [...])`,
      extensions: { code: "selectionMismatch", nodeName: `field '${match[1]}'`, typeName: match[2] },
    }),
  },
  {
    pattern: /^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\./,
    translate: (match) => {
      const typeName = (match[2] ?? "").replace(/[![\]]/g, "");
      return {
        message: `Field must have selections (field '${match[1]}' returns ${typeName} but has no selections. Did you mean '${match[1]} { ... }'?)`,
        extensions: { code: "selectionMismatch", nodeName: `field '${match[1]}'`, typeName },
      };
    },
  },
];

export function shopifyValidationError(error: GraphQLError): SerializedGraphQLError {
  const serialized: SerializedGraphQLError = { message: error.message };
  if (error.locations) serialized.locations = error.locations.map((location) => ({ line: location.line, column: location.column }));
  for (const translation of VALIDATION_TRANSLATIONS) {
    const match = translation.pattern.exec(error.message);
    if (match) {
      const translated = translation.translate(match);
      serialized.message = translated.message;
      serialized.extensions = translated.extensions;
      return serialized;
    }
  }
  serialized.extensions = { code: "validationError" };
  return serialized;
}

export function shopifyParseError(error: GraphQLError): SerializedGraphQLError {
  const location = error.locations?.[0];
  const serialized: SerializedGraphQLError = {
    message: location ? `${error.message.replace(/^Syntax Error: /, "syntax error, ")} at [${location.line}, ${location.column}]` : error.message,
    extensions: { code: "parseError" },
  };
  if (error.locations) serialized.locations = error.locations.map((entry) => ({ line: entry.line, column: entry.column }));
  return serialized;
}

export function serializeExecutionError(error: GraphQLError): SerializedGraphQLError {
  const serialized: SerializedGraphQLError = { message: error.message };
  if (error.locations) serialized.locations = error.locations.map((location) => ({ line: location.line, column: location.column }));
  if (error.path) serialized.path = [...error.path];
  const original = error.originalError;
  const extensions = Object.keys(error.extensions).length > 0 ? error.extensions : original instanceof GraphQLError ? original.extensions : undefined;
  if (extensions && Object.keys(extensions).length > 0) serialized.extensions = { ...extensions };
  else serialized.extensions = { code: "INTERNAL_SERVER_ERROR" };
  return serialized;
}
