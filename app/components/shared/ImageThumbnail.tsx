import { useEffect, useRef, useState } from "react";

const DEFAULT_SIZE = 72;

/**
 * The image an alt text describes. An image that cannot load (offline, or the
 * demo's cdn.shopify.com addresses) leaves a neutral box of the same size, so
 * nothing moves and nothing looks broken.
 */
export function ImageThumbnail({ url, label, size = DEFAULT_SIZE }: { url: string | null; label: string; size?: number }) {
  const [failed, setFailed] = useState(false);
  const box = { width: size, height: size, flex: `0 0 ${size}px`, borderRadius: size >= 60 ? 8 : 6 } as const;
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
        style={{ ...box, background: "var(--p-color-bg-surface-secondary)", border: "1px solid var(--p-color-border-secondary)", boxSizing: "border-box" }}
      />
    );
  }
  return <img ref={image} data-image-thumbnail src={url} alt={label} width={size} height={size} style={{ ...box, objectFit: "cover", display: "block" }} onError={() => setFailed(true)} />;
}
