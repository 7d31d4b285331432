import type { Database } from "~/db/client.server";

/**
 * Install, uninstall and redaction of a shop. Every table that holds shop data
 * is listed in SHOP_SCOPED_TABLES; shop/redact deletes from each, and a test
 * checks the list against the schema so a new table cannot be forgotten.
 */
export const SHOP_SCOPED_TABLES = [
  "session",
  "webhookDelivery",
  "complianceRequest",
  "shop",
  "modelSettings",
  "backendConnection",
  "usageLedger",
  "copySettings",
  "proposal",
  "revision",
  "catalogProduct",
  "catalogSync",
] as const;

export async function recordInstall(database: Database, input: { shop: string; scopes: string | null }): Promise<void> {
  await database.shop.upsert({
    where: { shop: input.shop },
    create: { shop: input.shop, scopes: input.scopes },
    update: { scopes: input.scopes, uninstalledAt: null },
  });
}

/** app/uninstalled: the shop's tokens are dead; drop sessions, keep settings until shop/redact. */
export async function recordUninstall(database: Database, shop: string, at: Date): Promise<void> {
  await database.$transaction([
    database.session.deleteMany({ where: { shop } }),
    database.shop.updateMany({ where: { shop }, data: { uninstalledAt: at } }),
  ]);
}

export async function updateScopes(database: Database, shop: string, scopes: string[]): Promise<void> {
  const scope = scopes.join(",");
  await database.$transaction([
    database.session.updateMany({ where: { shop }, data: { scope } }),
    database.shop.updateMany({ where: { shop }, data: { scopes: scope } }),
  ]);
}

/** shop/redact: delete every row of that shop, in every table, and nothing else. */
export async function redactShop(database: Database, shop: string): Promise<Record<(typeof SHOP_SCOPED_TABLES)[number], number>> {
  const [session, webhookDelivery, complianceRequest, shopRow, modelSettings, backendConnection, usageLedger, copySettings, proposal, revision, catalogProduct, catalogSync] =
    await database.$transaction([
    database.session.deleteMany({ where: { shop } }),
    database.webhookDelivery.deleteMany({ where: { shop } }),
    database.complianceRequest.deleteMany({ where: { shop } }),
    database.shop.deleteMany({ where: { shop } }),
    database.modelSettings.deleteMany({ where: { shop } }),
    database.backendConnection.deleteMany({ where: { shop } }),
    database.usageLedger.deleteMany({ where: { shop } }),
    database.copySettings.deleteMany({ where: { shop } }),
    database.proposal.deleteMany({ where: { shop } }),
    database.revision.deleteMany({ where: { shop } }),
    database.catalogProduct.deleteMany({ where: { shop } }),
    database.catalogSync.deleteMany({ where: { shop } }),
  ]);
  return {
    session: session.count,
    webhookDelivery: webhookDelivery.count,
    complianceRequest: complianceRequest.count,
    shop: shopRow.count,
    modelSettings: modelSettings.count,
    backendConnection: backendConnection.count,
    usageLedger: usageLedger.count,
    copySettings: copySettings.count,
    proposal: proposal.count,
    revision: revision.count,
    catalogProduct: catalogProduct.count,
    catalogSync: catalogSync.count,
  };
}
