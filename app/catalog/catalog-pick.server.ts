import type { Prisma } from "@prisma/client";
import { z } from "zod";
import type { Database } from "~/db/client.server";
import { catalogFilterSchema, catalogFilterWhere, catalogSortKey } from "./catalog-filter";

/**
 * Finding products to pick one by one (the Compare page's picker) in the shop's catalog index:
 * the Products page's filter model and ordering, searched by title or vendor, a short page at a
 * time. Vendors are matched folded like titles ("hermes" finds "Hermès") by folding the shop's
 * distinct vendors here, the same on SQLite and PostgreSQL.
 */
export const CATALOG_PICK_PAGE_SIZE = 10;
/** How many distinct vendors the vendor match looks through (a shop's vendors are few; more are not searched by vendor). */
const VENDORS_SEARCHED = 1_000;

export const catalogPickQuerySchema = z.object({
  query: catalogFilterSchema.shape.query,
  page: z.coerce.number().int().min(1, "page 1 or more").max(1_000, "page 1000 at most").default(1),
});
export type CatalogPickQuery = z.infer<typeof catalogPickQuerySchema>;

export interface CatalogPickRow {
  id: string;
  title: string;
  vendor: string;
  status: string;
  imageUrl: string | null;
}

export interface CatalogPickPage {
  rows: CatalogPickRow[];
  total: number;
  page: number;
  pageCount: number;
}

export async function searchCatalogToPick(database: Database, shop: string, query: CatalogPickQuery): Promise<CatalogPickPage> {
  const base: Prisma.CatalogProductWhereInput = catalogFilterWhere(shop, catalogFilterSchema.parse({}));
  let where = base;
  if (query.query) {
    const folded = catalogSortKey(query.query);
    const vendors = await database.catalogProduct.groupBy({ by: ["vendor"], where: { shop }, orderBy: { vendor: "asc" }, take: VENDORS_SEARCHED });
    const matchingVendors = vendors.map((entry) => entry.vendor).filter((vendor) => vendor !== "" && catalogSortKey(vendor).includes(folded));
    where = { ...base, OR: [{ sortTitle: { contains: folded } }, ...(matchingVendors.length > 0 ? [{ vendor: { in: matchingVendors } }] : [])] };
  }
  const [rows, total] = await Promise.all([
    database.catalogProduct.findMany({
      where,
      orderBy: [{ sortTitle: "asc" }, { title: "asc" }, { productId: "asc" }],
      skip: (query.page - 1) * CATALOG_PICK_PAGE_SIZE,
      take: CATALOG_PICK_PAGE_SIZE,
      select: { productId: true, title: true, vendor: true, status: true, imageUrl: true },
    }),
    database.catalogProduct.count({ where }),
  ]);
  return {
    rows: rows.map((row) => ({ id: row.productId, title: row.title, vendor: row.vendor, status: row.status, imageUrl: row.imageUrl })),
    total,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(total / CATALOG_PICK_PAGE_SIZE)),
  };
}
