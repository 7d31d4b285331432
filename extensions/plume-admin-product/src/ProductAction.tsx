/** @jsxImportSource preact */
import type { Api } from "@shopify/ui-extensions/admin.product-details.action.render";
import { render } from "preact";
import { ProductCopy } from "./ProductCopy";

/** More actions → "Write copy with Plume" on the product page: the panel in the admin's modal. */
declare const shopify: Api;

export default async function extension() {
  const productId = shopify.data.selected[0]?.id ?? "";
  render(<ProductCopy i18n={shopify.i18n} productId={productId} frame="action" close={() => shopify.close()} />, document.body);
}
