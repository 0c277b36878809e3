/** The images a run pushes, as a catalog of the scenario's workload section: nothing is hashed until an image is pushed. */
import type { ResolvedWorkload } from '../scenario/resolved.ts';
import { imageCatalog, type ImageCatalog } from '../workload/image-catalog.ts';

export function planWorkload(w: ResolvedWorkload): ImageCatalog {
  return imageCatalog({
    seed: w.seed,
    count: w.images,
    layerCount: w.layers,
    baseLayerCount: w.baseLayers,
    sizes: w.layerSize,
    repository: w.repository,
    tag: w.tag,
  });
}
