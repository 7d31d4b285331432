/** Strips accents ("é" -> "e") the way Shopify folds text for handles and search. */
export function foldAccents(text: string): string {
  // NFD only when needed: it is slow, and most catalog text is ASCII.
  return /[\u0080-\uffff]/.test(text) ? text.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : text;
}
