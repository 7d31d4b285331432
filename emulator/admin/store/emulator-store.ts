/**
 * The emulator's whole state, shared by the GraphQL resolvers, the OAuth
 * endpoint, the control API and tests (which receive it from
 * startAdminEmulator). Changes that Shopify would announce with a webhook go
 * through here so the webhook is never forgotten.
 */
import { z } from "zod";
import type { Logger } from "../logger";
import { shopOptionsSchema, type ResolvedEmulatorOptions, type ShopOptions } from "../options";
import { slugify } from "../seed/generate-catalog";
import type { Plan } from "../throttle";
import { productDeletePayload, productWebhookPayload, shopWebhookPayload } from "../webhooks/payloads";
import { WebhookDispatcher } from "../webhooks/dispatcher";
import { FlowTriggerLog, type FlowTriggerDefinition } from "./flow-triggers";
import { AccessTokenRegistry, ONLINE_TOKEN_SECONDS, type AccessTokenRecord } from "./access-tokens";
import { BackgroundTasks } from "./background-tasks";
import { CallLog } from "./call-log";
import { WriteLog } from "./write-log";
import { MediaImageRecord, ProductOptionRecord, ProductRecord, VariantRecord, type ProductStatus } from "./records";
import { ShopState } from "./shop-state";

export class UnknownShopError extends Error {
  override readonly name = "UnknownShopError";
  constructor(readonly shop: string) {
    super(`No emulated shop ${shop}`);
  }
}

export class UnknownProductError extends Error {
  override readonly name = "UnknownProductError";
  constructor(
    readonly shop: string,
    readonly legacyId: number,
  ) {
    super(`No product ${legacyId} in ${shop}`);
  }
}

const productStatusSchema = z.enum(["ACTIVE", "DRAFT", "ARCHIVED", "UNLISTED"]);

export const productCreateInputSchema = z.object({
  title: z.string().min(1).max(255),
  handle: z.string().min(1).max(255).optional(),
  descriptionHtml: z.string().default(""),
  vendor: z.string().default("Plume Test Vendor"),
  productType: z.string().default(""),
  status: productStatusSchema.default("ACTIVE"),
  tags: z.array(z.string()).default([]),
  seo: z.object({ title: z.string().nullable().default(null), description: z.string().nullable().default(null) }).optional(),
  images: z.array(z.object({ alt: z.string().nullable().default(null), width: z.number().int().positive().default(1024), height: z.number().int().positive().default(1024) })).default([]),
  variants: z
    .array(z.object({ price: z.string().regex(/^\d+(\.\d{1,2})?$/), sku: z.string().nullable().default(null), option: z.string().optional() }))
    .default([{ price: "10.00", sku: null }]),
});
export type ProductCreateInput = z.input<typeof productCreateInputSchema>;

export const productPatchSchema = z.object({
  title: z.string().min(1).max(255).optional(),
  handle: z.string().min(1).max(255).optional(),
  descriptionHtml: z.string().optional(),
  vendor: z.string().optional(),
  productType: z.string().optional(),
  status: productStatusSchema.optional(),
  tags: z.array(z.string()).optional(),
  seo: z.object({ title: z.string().nullable().optional(), description: z.string().nullable().optional() }).optional(),
});
export type ProductPatch = z.input<typeof productPatchSchema>;

export interface IssueTokenOptions {
  readonly scopes?: string | undefined;
  readonly online?: boolean | undefined;
  readonly userId?: number | undefined;
  /** Omit for a non-expiring offline token. */
  readonly expiresInSeconds?: number | undefined;
}

export class EmulatorStore {
  readonly shops = new Map<string, ShopState>();
  readonly tokens: AccessTokenRegistry;
  readonly calls = new CallLog();
  /** Copy values written per shop (see write-log.ts): writes and duplicate writes. */
  readonly writes = new WriteLog();
  readonly webhooks: WebhookDispatcher;
  /** flowTriggerReceive calls accepted, per shop (see flow-triggers.ts). */
  readonly flowTriggers = new FlowTriggerLog();
  /** Bulk operations still running after their request was answered. */
  readonly background = new BackgroundTasks();
  /** Set once the HTTP server listens; used for staged-upload and bulk-result URLs. */
  baseUrl = "";

  constructor(
    readonly options: ResolvedEmulatorOptions,
    readonly apiVersion: string,
    readonly now: () => number,
    readonly logger: Logger,
  ) {
    this.tokens = new AccessTokenRegistry(now);
    this.webhooks = new WebhookDispatcher({
      apiSecret: options.apiSecret,
      apiVersion,
      appUrl: options.appUrl,
      subscriptions: options.webhooks,
      now,
      logger,
    });
    for (const shop of options.shops) this.createShop(shop);
  }

  /** Creates the shop, replacing (and so resetting) any shop with the same domain. */
  createShop(input: ShopOptions): ShopState {
    const options = shopOptionsSchema.parse(input);
    this.tokens.revokeShop(options.domain);
    this.calls.reset(options.domain);
    this.writes.reset(options.domain);
    this.flowTriggers.reset(options.domain);
    const shop = new ShopState({
      domain: options.domain,
      name: options.name,
      currency: options.currency,
      plan: options.plan ?? this.options.plan,
      seed: options.seed,
      variants: options.variants,
      now: this.now,
    });
    this.shops.set(shop.domain, shop);
    return shop;
  }

  /** The app's Flow triggers, from the options. */
  get flowTriggerDefinitions(): readonly FlowTriggerDefinition[] {
    return this.options.flowTriggers;
  }

  getShop(domain: string): ShopState | undefined {
    return this.shops.get(domain.toLowerCase());
  }

  requireShop(domain: string): ShopState {
    const shop = this.getShop(domain);
    if (!shop) throw new UnknownShopError(domain);
    return shop;
  }

  /** Back to the state right after start: configured shops re-seeded, no tokens, no logs. */
  resetAll(): void {
    this.shops.clear();
    this.tokens.clear();
    this.calls.reset();
    this.writes.reset();
    this.flowTriggers.reset();
    this.webhooks.clear();
    for (const shop of this.options.shops) this.createShop(shop);
  }

  setPlan(domain: string, plan: Plan): void {
    this.requireShop(domain).bucket.setPlan(plan);
  }

  issueAccessToken(domain: string, options: IssueTokenOptions = {}): AccessTokenRecord {
    const shop = this.requireShop(domain);
    shop.installed = true;
    return this.tokens.issueAccessToken({
      shop: shop.domain,
      scopes: options.scopes ?? this.options.scopes,
      online: options.online ?? false,
      userId: options.online ? (options.userId ?? 1) : null,
      expiresInSeconds: options.expiresInSeconds ?? (options.online ? ONLINE_TOKEN_SECONDS : null),
    });
  }

  createProduct(domain: string, input: ProductCreateInput): ProductRecord {
    const shop = this.requireShop(domain);
    const parsed = productCreateInputSchema.parse(input);
    const now = this.now();
    const ids = shop.catalog.ids;
    const legacyId = ids.allocate("product");
    const hasOptions = parsed.variants.some((variant) => variant.option !== undefined);
    const optionValues = hasOptions ? parsed.variants.map((variant, index) => variant.option ?? `Option ${index + 1}`) : ["Default Title"];
    const option = new ProductOptionRecord(ids.allocate("option"), hasOptions ? "Option" : "Title", 1, optionValues);
    const variants = parsed.variants.map(
      (variant, index) =>
        new VariantRecord(ids.allocate("variant"), legacyId, index + 1, [{ name: option.name, value: optionValues[index] ?? "Default Title" }], variant.sku, variant.price, null, 0, null, now, now),
    );
    const product = new ProductRecord({
      legacyId,
      title: parsed.title,
      handle: parsed.handle ?? shop.catalog.uniqueHandle(slugify(parsed.title) || "product"),
      vendor: parsed.vendor,
      productType: parsed.productType,
      status: parsed.status as ProductStatus,
      tags: parsed.tags,
      createdAt: now,
      updatedAt: now,
      publishedAt: parsed.status === "ACTIVE" ? now : null,
      seo: parsed.seo ?? { title: null, description: null },
      options: [option],
      media: parsed.images.map((image, index) => new MediaImageRecord(ids.allocate("media"), legacyId, image.alt, `upload-${legacyId}-${index + 1}.jpg`, image.width, image.height, now, now)),
      metafields: [],
      category: null,
      contentLanguage: "en",
      descriptionHtml: parsed.descriptionHtml,
      variants,
    });
    shop.catalog.add(product);
    this.webhooks.trigger(shop.domain, "products/create", productWebhookPayload(product));
    return product;
  }

  updateProduct(domain: string, legacyId: number, patch: ProductPatch): ProductRecord {
    const shop = this.requireShop(domain);
    const product = shop.catalog.get(legacyId);
    if (!product) throw new UnknownProductError(domain, legacyId);
    const parsed = productPatchSchema.parse(patch);
    const previousHandle = product.handle;
    if (parsed.title !== undefined) product.title = parsed.title;
    if (parsed.descriptionHtml !== undefined) product.descriptionHtml = parsed.descriptionHtml;
    if (parsed.vendor !== undefined) product.vendor = parsed.vendor;
    if (parsed.productType !== undefined) product.productType = parsed.productType;
    if (parsed.status !== undefined) product.status = parsed.status;
    if (parsed.tags !== undefined) product.tags = parsed.tags;
    if (parsed.seo?.title !== undefined) product.seo = { ...product.seo, title: parsed.seo.title };
    if (parsed.seo?.description !== undefined) product.seo = { ...product.seo, description: parsed.seo.description };
    if (parsed.handle !== undefined) {
      product.handle = parsed.handle;
      shop.catalog.rehandle(product, previousHandle);
    }
    this.productChanged(shop, product);
    return product;
  }

  /** Stamps updatedAt and announces the change as Shopify does. */
  productChanged(shop: ShopState, product: ProductRecord): void {
    product.updatedAt = this.now();
    this.webhooks.trigger(shop.domain, "products/update", productWebhookPayload(product));
  }

  deleteProduct(domain: string, legacyId: number): void {
    const shop = this.requireShop(domain);
    const product = shop.catalog.delete(legacyId);
    if (!product) throw new UnknownProductError(domain, legacyId);
    shop.translations.deleteResource(product.id);
    this.webhooks.trigger(shop.domain, "products/delete", productDeletePayload(legacyId));
  }

  /** The merchant uninstalls the app: tokens stop working and app/uninstalled fires. */
  uninstall(domain: string): void {
    const shop = this.requireShop(domain);
    shop.installed = false;
    this.tokens.revokeShop(shop.domain);
    this.webhooks.trigger(shop.domain, "app/uninstalled", shopWebhookPayload(shop));
  }
}
