/** All emulated resolvers; any field not listed here fails with "<Type>.<field> is not emulated". */
import { mergeResolverMaps, type ResolverMap } from "../context";
import { bulkResolvers } from "./bulk";
import { fileResolvers } from "./files";
import { flowResolvers } from "./flow";
import { mediaResolvers } from "./media";
import { nodeResolvers } from "./nodes";
import { productCreateResolvers } from "./product-create";
import { productUpdateResolvers } from "./product-update";
import { productResolvers } from "./products";
import { shopResolvers } from "./shop";
import { stagedUploadResolvers } from "./staged-uploads";
import { translationResolvers } from "./translations";
import { userErrorResolvers } from "./user-errors";

let merged: ResolverMap | null = null;

/**
 * The merged map, built on first call: bulk resolvers import the executor,
 * which imports this module, so the map cannot be built at load time.
 */
export function adminResolvers(): ResolverMap {
  merged ??= mergeResolverMaps(
    shopResolvers,
    productResolvers,
    mediaResolvers,
    nodeResolvers,
    productUpdateResolvers,
    productCreateResolvers,
    fileResolvers,
    flowResolvers,
    translationResolvers,
    stagedUploadResolvers,
    bulkResolvers,
    userErrorResolvers,
  );
  return merged;
}
