/**
 * What a manifest refers to, as far as replication cares: the blobs that must
 * be present for it to be pullable (config, layers, artifact blobs) and the
 * child manifests of an index. `subject` is not followed (a referrer may
 * arrive before what it refers to).
 */
export interface ManifestRefs {
  readonly blobs: readonly { readonly digest: string; readonly sizeBytes: number }[];
  readonly children: readonly { readonly digest: string; readonly sizeBytes: number }[];
}

const NONE: ManifestRefs = { blobs: [], children: [] };

export function manifestRefs(bytes: Uint8Array): ManifestRefs {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return NONE;
  }
  if (typeof doc !== 'object' || doc === null) return NONE;
  const m = doc as Record<string, unknown>;
  const blobs: { digest: string; sizeBytes: number }[] = [];
  const seen = new Set<string>();
  const add = (d: unknown): void => {
    const desc = asDescriptor(d);
    if (desc !== undefined && !seen.has(desc.digest)) {
      seen.add(desc.digest);
      blobs.push(desc);
    }
  };
  add(m['config']);
  for (const list of [m['layers'], m['blobs']]) if (Array.isArray(list)) list.forEach(add);
  const children: { digest: string; sizeBytes: number }[] = [];
  if (Array.isArray(m['manifests'])) {
    for (const d of m['manifests']) {
      const desc = asDescriptor(d);
      if (desc !== undefined) children.push(desc);
    }
  }
  return { blobs, children };
}

function asDescriptor(d: unknown): { digest: string; sizeBytes: number } | undefined {
  if (typeof d !== 'object' || d === null) return undefined;
  const r = d as Record<string, unknown>;
  if (typeof r['digest'] !== 'string') return undefined;
  const size = typeof r['size'] === 'number' && r['size'] >= 0 ? r['size'] : 0;
  return { digest: r['digest'], sizeBytes: size };
}
