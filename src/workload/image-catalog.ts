/**
 * The images of a run as a catalog that costs nothing until used: names are
 * computed from the index, and an image's layers are hashed only when its
 * plan is asked for (planAt), just before it is pushed. `prepare` starts
 * planning an image ahead in the background — the push phase asks for a few
 * images ahead of the one it is pushing, so hashing overlaps with uploads and
 * an open-loop arrival is not late — bounded (at most `maxPrepared` plans wait
 * to be taken) and cancelled by the signal it was given.
 *
 * A catalog plans exactly what planImages would: the same ImagePlan, byte for
 * byte, for every position (test/workload/image-catalog.test.ts).
 */
import { AbortedError, ConfigError } from '../errors.ts';
import { checkImageName, planImage, type ImagePlan, type PlanImagesOptions } from './image-plan.ts';

/** What is known of an image without hashing anything. */
export interface ImageName {
  readonly imageIndex: number;
  readonly repository: string;
  readonly tag: string;
}

/** Bytes hashed so far of a layer being planned, and its size (progress of a long hash). */
export type HashProgress = (hashedBytes: number, sizeBytes: number) => void;

export interface ImageCatalog {
  /** How many images. */
  readonly length: number;
  /** The image at `position` (0 … length − 1), without hashing. */
  nameAt(position: number): ImageName;
  /** The image's full plan (its layers hashed now, unless prepared already). Throws AbortedError when `signal` fires. */
  planAt(position: number, signal?: AbortSignal): Promise<ImagePlan>;
  /** Starts planning `position` in the background (a no-op past the end, when prepared already or when enough wait). */
  prepare(position: number, signal?: AbortSignal): void;
  /** The images whose index passes `keep`, in order, as a catalog sharing this one's planning. */
  filter(keep: (imageIndex: number) => boolean): ImageCatalog;
  /** Listens to the hashing of layers (long layers only report, in steps of about 16 MiB). */
  onHashProgress(listener: HashProgress | undefined): void;
}

/** planImages' options without its signal: each planAt and prepare takes its own. */
export interface ImageCatalogOptions extends Omit<PlanImagesOptions, 'signal'> {
  /** Plans prepared ahead and not yet taken, at most (default 16). */
  readonly maxPrepared?: number;
}

/** A catalog of images firstImageIndex … firstImageIndex + count − 1, checked (counts, names of the first image) but not hashed. */
export function imageCatalog(options: ImageCatalogOptions): ImageCatalog {
  const { count, repository, tag, firstImageIndex, maxPrepared, ...rest } = options;
  const first = firstImageIndex ?? 0;
  if (!Number.isSafeInteger(count) || count < 0) throw new ConfigError(`count: expected an integer ≥ 0, found ${String(count)}`);
  if (!Number.isSafeInteger(first) || first < 0) throw new ConfigError(`firstImageIndex: expected an integer ≥ 0, found ${String(first)}`);
  const nameOf = (imageIndex: number): ImageName => ({
    imageIndex,
    repository: typeof repository === 'function' ? repository(imageIndex) : repository.replaceAll('{i}', String(imageIndex)),
    tag: typeof tag === 'function' ? tag(imageIndex) : tag.replaceAll('{i}', String(imageIndex)),
  });
  const bound = maxPrepared ?? 16;
  const prepared = new Map<number, Promise<ImagePlan>>();
  let listener: HashProgress | undefined;
  const plan = (imageIndex: number, signal: AbortSignal | undefined): Promise<ImagePlan> => {
    const name = nameOf(imageIndex);
    return planImage({
      ...rest,
      imageIndex,
      repository: name.repository,
      tag: name.tag,
      ...(signal ? { signal } : {}),
      onHashProgress: (hashed, size) => listener?.(hashed, size),
    });
  };
  const byIndex = {
    planAt(imageIndex: number, signal: AbortSignal | undefined): Promise<ImagePlan> {
      const ready = prepared.get(imageIndex);
      if (ready !== undefined) {
        prepared.delete(imageIndex);
        return ready;
      }
      return plan(imageIndex, signal);
    },
    prepare(imageIndex: number, signal: AbortSignal | undefined): void {
      if (prepared.has(imageIndex) || prepared.size >= bound || signal?.aborted) return;
      const p = plan(imageIndex, signal);
      // A prepared plan that fails (aborted, a bad name) fails again, with its error, when it is taken.
      p.catch(() => undefined);
      prepared.set(imageIndex, p);
    },
  };
  // Validate the first image's names now: a bad template fails before any run starts.
  if (count > 0) checkName(nameOf(first));
  return catalogOver({ length: count, indexAt: (p) => first + p }, byIndex, nameOf, (l) => {
    listener = l;
  });
}

/** A catalog of images planned already (tests, and callers that hold their plans). */
export function plannedCatalog(plans: readonly ImagePlan[]): ImageCatalog {
  const at = new Map(plans.map((p) => [p.imageIndex, p] as const));
  const planOf = (imageIndex: number): ImagePlan => at.get(imageIndex) as ImagePlan;
  const byIndex: ByIndex = {
    planAt: (imageIndex, signal) => {
      if (signal?.aborted) return Promise.reject(new AbortedError('planning was aborted', { cause: signal.reason }));
      return Promise.resolve(planOf(imageIndex));
    },
    prepare: () => undefined,
  };
  const nameOf = (imageIndex: number): ImageName => {
    const p = planOf(imageIndex);
    return { imageIndex, repository: p.repository, tag: p.tag };
  };
  return catalogOver({ length: plans.length, indexAt: (p) => (plans[p] as ImagePlan).imageIndex }, byIndex, nameOf, () => undefined);
}

interface Positions {
  readonly length: number;
  indexAt(position: number): number;
}

interface ByIndex {
  planAt(imageIndex: number, signal: AbortSignal | undefined): Promise<ImagePlan>;
  prepare(imageIndex: number, signal: AbortSignal | undefined): void;
}

function catalogOver(positions: Positions, byIndex: ByIndex, nameOf: (imageIndex: number) => ImageName, listen: (l: HashProgress | undefined) => void): ImageCatalog {
  const indexAt = (position: number): number => {
    if (!Number.isSafeInteger(position) || position < 0 || position >= positions.length) {
      throw new RangeError(`image position must be an integer in [0, ${positions.length}), got ${position}`);
    }
    return positions.indexAt(position);
  };
  return {
    length: positions.length,
    nameAt: (position) => nameOf(indexAt(position)),
    planAt: (position, signal) => byIndex.planAt(indexAt(position), signal),
    prepare(position, signal) {
      if (Number.isSafeInteger(position) && position >= 0 && position < positions.length) byIndex.prepare(positions.indexAt(position), signal);
    },
    filter(keep) {
      const kept: number[] = [];
      for (let p = 0; p < positions.length; p++) {
        const i = positions.indexAt(p);
        if (keep(i)) kept.push(i);
      }
      return catalogOver({ length: kept.length, indexAt: (p) => kept[p] as number }, byIndex, nameOf, listen);
    },
    onHashProgress: listen,
  };
}

function checkName(name: ImageName): void {
  checkImageName(name.repository, name.tag);
}
