import { useEffect, useRef, useState } from "react";

const SIZE = 72;
const BOX = { width: SIZE, height: SIZE, flex: `0 0 ${SIZE}px`, borderRadius: 8 } as const;

/**
 * The image an alt text describes. An image that cannot load (offline, or the
 * demo's cdn.shopify.com addresses) leaves a neutral box of the same size, so
 * nothing moves and nothing looks broken.
 */
export function ImageThumbnail({ url, label }: { url: string | null; label: string }) {
  const [failed, setFailed] = useState(false);
  const image = useRef<HTMLImageElement>(null);
  useEffect(() => {
    // An error before hydration fired no React handler: read the outcome from the element.
    const element = image.current;
    if (element?.complete && element.naturalWidth === 0) setFailed(true);
  }, [url]);
  if (!url || failed) {
    return (
      <div
        data-image-placeholder
        role="img"
        aria-label={label}
        style={{ ...BOX, background: "var(--p-color-bg-surface-secondary)", border: "1px solid var(--p-color-border-secondary)", boxSizing: "border-box" }}
      />
    );
  }
  return <img ref={image} data-image-thumbnail src={url} alt={label} width={SIZE} height={SIZE} style={{ ...BOX, objectFit: "cover", display: "block" }} onError={() => setFailed(true)} />;
}
