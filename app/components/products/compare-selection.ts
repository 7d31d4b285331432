import { COMPARE_MAX_PRODUCTS } from "~/compare/types";

/**
 * What the Products page's "Compare models" bulk action can take from the selection: the chosen rows'
 * product ids when they are 1–20 ("all matching" is this page's rows when every match is on it), or
 * how many are selected when that is more than a comparison takes.
 */
export function compareSelection(selection: { selected: readonly string[]; allSelected: boolean; total: number; rowIds: readonly string[] }): { ids: string[] } | { tooMany: number } {
  const { selected, allSelected, total, rowIds } = selection;
  if (allSelected) return total <= rowIds.length && total <= COMPARE_MAX_PRODUCTS ? { ids: [...rowIds] } : { tooMany: total };
  return selected.length <= COMPARE_MAX_PRODUCTS ? { ids: [...selected] } : { tooMany: selected.length };
}

/** The compare page's address with those products preselected (`?ids=` numeric ids, as its loader reads them). */
export function compareUrl(productIds: readonly string[]): string {
  return `/app/compare?${new URLSearchParams({ ids: productIds.map((id) => id.split("/").pop() ?? "").join(",") }).toString()}`;
}
