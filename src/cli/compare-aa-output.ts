/**
 * What `compare --aa` prints: the false-alarm estimate first, then every pair,
 * the noise per series and percentile (flagged rows and the largest changes),
 * and per metric the runner's observed noise against the tolerance in use.
 */
import type { AaEstimate } from '../report/compare-aa.ts';
import { renderTable } from './table.ts';

const pct = (x: number): string => `${Number((x * 100).toFixed(1))}%`;

export function renderAa(e: AaEstimate): string {
  const n = e.pairs.length;
  const lines = [
    `A/A: ${e.runs.length} runs of scenario "${e.runs[0]?.scenario ?? '?'}", ${n} pairs compared (the older run as baseline)`,
    `false alarms: ${e.falseAlarms} of ${n} pairs (${pct(e.falseAlarmRate)}; 95% interval ${pct(e.falseAlarmInterval.low)}–${pct(e.falseAlarmInterval.high)}, ` +
      `wider in truth: the pairs share runs); compare promises at most ${pct(e.nominalRate)} per pair and direction`,
    `caught by the conditions guard: ${e.caughtByConditions} pair(s) flagged only as "conditions differ"`,
    '',
    renderTable(['baseline', 'candidate', 'regressions', 'improvements', 'conditions differ'],
      e.pairs.map((p) => [p.baseline, p.candidate, String(p.regressions), String(p.improvements), p.conditionsDifferent ? String(p.conditionsDiffer) : '–'])).trimEnd(),
    '',
  ];
  const noisy = [...e.noise].sort((a, b) => b.pairsFlagged - a.pairsFlagged || b.maxAbsRatio - a.maxAbsRatio).slice(0, 12);
  if (noisy.length > 0) {
    lines.push('largest changes between two runs (flagged first):');
    lines.push(renderTable(['series', 'pct', 'pairs tested', 'flagged', 'largest change'],
      noisy.map((r) => [`${r.metric}{${r.key}}`, `p${r.percentile}`, String(r.pairsTested), String(r.pairsFlagged), `${pct(r.maxAbsRatio)} (${r.maxAbsDeltaMs} ms)`])).trimEnd());
    lines.push('');
  }
  for (const [metric, observed] of Object.entries(e.observedNoise)) {
    const tolerance = e.options.tolerances[metric as keyof AaEstimate['options']['tolerances']].relative;
    lines.push(`${metric}: largest change ${pct(observed)} vs tolerance ${pct(tolerance)}` +
      (observed > tolerance ? ` — on this runner, --tolerance ${metric}=${Math.ceil(observed * 20) * 5}% keeps such changes from being flagged on size alone` : ''));
  }
  return `${lines.join('\n')}\n`;
}
