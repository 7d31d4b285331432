/**
 * MediaImage (product media and files) and Image. Alt text lives on the
 * MediaImage; `image.altText` mirrors it, as on Shopify.
 */
import { typeResolvers, type ResolverMap } from "../context";
import { isoDateTime } from "../../time-format";
import type { MediaImageRecord } from "../../store/records";

/** What `image` and `preview.image` resolve to: the media plus which fields to expose. */
export interface ImageValue {
  readonly media: MediaImageRecord;
}

const mediaImage = typeResolvers<MediaImageRecord>({
  id: (source) => source.id,
  alt: (source) => source.alt,
  mediaContentType: () => "IMAGE",
  status: () => "READY",
  fileStatus: () => "READY",
  mimeType: (source) => source.mimeType,
  createdAt: (source) => isoDateTime(source.createdAt),
  updatedAt: (source) => isoDateTime(source.updatedAt),
  image: (source): ImageValue => ({ media: source }),
  preview: (source) => ({ status: "READY", image: { media: source } satisfies ImageValue }),
  mediaErrors: () => [],
  mediaWarnings: () => [],
  fileErrors: () => [],
});

const image = typeResolvers<ImageValue>({
  id: (source) => `gid://shopify/ImageSource/${source.media.legacyId}`,
  url: (source) => source.media.url,
  altText: (source) => source.media.alt,
  width: (source) => source.media.width,
  height: (source) => source.media.height,
});

const previewImage = typeResolvers<{ status: string; image: ImageValue }>({
  status: (source) => source.status,
  image: (source) => source.image,
});

export const mediaResolvers: ResolverMap = {
  MediaImage: mediaImage,
  Image: image,
  MediaPreviewImage: previewImage,
};
