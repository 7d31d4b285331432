import { describe, expect, it } from "vitest";
import { compareSelection, compareUrl } from "./compare-selection";

const ids = (count: number, from = 1) => Array.from({ length: count }, (_, index) => `gid://shopify/Product/${from + index}`);

describe("the Products page's Compare models action", () => {
  it("takes 1 to 20 chosen rows", () => {
    expect(compareSelection({ selected: ids(2), allSelected: false, total: 80, rowIds: ids(50) })).toEqual({ ids: ids(2) });
    expect(compareSelection({ selected: ids(20), allSelected: false, total: 80, rowIds: ids(50) })).toEqual({ ids: ids(20) });
  });

  it("says how many are selected past 20", () => {
    expect(compareSelection({ selected: ids(21), allSelected: false, total: 80, rowIds: ids(50) })).toEqual({ tooMany: 21 });
  });

  it("takes every match when all of them are on the page and 20 at most, else refuses with their number", () => {
    expect(compareSelection({ selected: ids(5), allSelected: true, total: 5, rowIds: ids(5) })).toEqual({ ids: ids(5) });
    expect(compareSelection({ selected: ids(50), allSelected: true, total: 120, rowIds: ids(50) })).toEqual({ tooMany: 120 });
    expect(compareSelection({ selected: ids(30), allSelected: true, total: 30, rowIds: ids(30) })).toEqual({ tooMany: 30 });
  });

  it("opens compare with numeric ids, the format its loader validates", () => {
    expect(compareUrl(["gid://shopify/Product/12", "gid://shopify/Product/345"])).toBe("/app/compare?ids=12%2C345");
  });
});
