/** @jsxImportSource preact */
import type { Api } from "@shopify/ui-extensions/admin.product-details.block.render";
import { render } from "preact";
import { ProductCopy } from "./ProductCopy";

/** The Plume block on the product page: the same panel, inline. */
declare const shopify: Api;

export default async function extension() {
  const productId = shopify.data.selected[0]?.id ?? "";
  render(<ProductCopy i18n={shopify.i18n} productId={productId} frame="block" />, document.body);
}
