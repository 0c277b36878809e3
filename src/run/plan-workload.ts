/** The images a run pushes, planned from the scenario's workload section (digests resolved up front). */
import type { ResolvedWorkload } from '../scenario/resolved.ts';
import { planImages, type ImagePlan } from '../workload/image-plan.ts';

export function planWorkload(w: ResolvedWorkload, signal?: AbortSignal): Promise<ImagePlan[]> {
  return planImages({
    seed: w.seed,
    count: w.images,
    layerCount: w.layers,
    baseLayerCount: w.baseLayers,
    sizes: w.layerSize,
    repository: w.repository,
    tag: w.tag,
    ...(signal ? { signal } : {}),
  });
}
