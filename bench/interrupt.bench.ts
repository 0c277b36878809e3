/**
 * `npm run bench -- interrupt`: Ctrl-C at scale on a real process. A lab run
 * of 100,000 images (bench/interrupt.child.ts) gets SIGINT once its push
 * phase is under way, and once 3 s after it started (setup: before this
 * checkout planned lazily, planning every image up front took tens of
 * seconds and ignored the signal). Three runs each; medians of SIGINT → the
 * "interrupted:" line and SIGINT → exit (with --grace 1s). Set
 * INTERRUPT_BASELINE_BIN=/path/to/bin/replbench.js to measure another
 * checkout the same way (rows marked "baseline").
 */
import { measureInterrupt, type InterruptOptions } from './interrupt.child.ts';
import type { BenchResult } from './result.ts';

const IMAGES = 100_000;
const RUNS = 3;

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function series(label: string, opts: InterruptOptions): Promise<BenchResult[]> {
  const acts: number[] = [];
  const exits: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = await measureInterrupt(opts);
    acts.push(t.toActMs);
    exits.push(t.toExitMs);
  }
  const list = (xs: number[]): string => xs.map((x) => Math.round(x)).join(', ');
  return [
    { name: `interrupt.${label}.act`, value: median(acts), unit: 'ms', detail: `SIGINT → "interrupted:" line, ${IMAGES} images, median of ${RUNS} [${list(acts)}]` },
    { name: `interrupt.${label}.exit`, value: median(exits), unit: 'ms', detail: `SIGINT → exit 130 (--grace 1s), median of ${RUNS} [${list(exits)}]` },
  ];
}

export async function benchInterrupt(): Promise<readonly BenchResult[]> {
  const results: BenchResult[] = [];
  const baseline = process.env['INTERRUPT_BASELINE_BIN'];
  for (const [tag, bin] of [['', undefined], ['.baseline', baseline]] as const) {
    if (tag !== '' && bin === undefined) continue;
    const base = { images: IMAGES, ...(bin !== undefined ? { bin } : {}) };
    results.push(...(await series(`during-push${tag}`, { ...base, afterPushMs: 1000 })));
    results.push(...(await series(`during-setup${tag}`, { ...base, afterStartMs: 3000 })));
  }
  return results;
}
