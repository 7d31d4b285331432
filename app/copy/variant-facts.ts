import type { ProductSnapshot } from "~/catalog/product-facts.server";

/**
 * What the model is told about a product's variants. The variant list is
 * capped (prompt size), so the total and every option's full set of values are
 * sent beside it, and the data says plainly when the list is incomplete:
 * without that, copy for a 24-variant product says "available in 20 variants".
 */
export const VARIANTS_LISTED_IN_PROMPT = 20;

export interface VariantFacts {
  /** Every option with all its distinct values, not only those of the listed variants. */
  options: Array<{ name: string; values: string[]; count: number }>;
  /** The product's total number of variants. */
  variantCount: number;
  variants: Array<{ title: string; price: string }>;
  variantsListed: number;
  /** true when `variants` is only part of the product's variants */
  variantsTruncated: boolean;
  variantsNote?: string;
}

export function variantFacts(product: Pick<ProductSnapshot, "options" | "variants" | "variantCount" | "currencyCode">): VariantFacts {
  const listed = product.variants.slice(0, VARIANTS_LISTED_IN_PROMPT);
  const variantCount = Math.max(product.variantCount, product.variants.length);
  const truncated = listed.length < variantCount;
  return {
    options: product.options.map((option) => {
      const values = [...new Set(option.values)];
      return { name: option.name, values, count: values.length };
    }),
    variantCount,
    variants: listed.map((variant) => ({ title: variant.title, price: `${variant.price} ${product.currencyCode}` })),
    variantsListed: listed.length,
    variantsTruncated: truncated,
    ...(truncated
      ? { variantsNote: `Only ${listed.length} of the ${variantCount} variants are listed; the product has ${variantCount} variants in total. Use variantCount and options for totals and ranges.` }
      : {}),
  };
}
