import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { K6_SCRIPT_RUNTIME } from '../../src/dist/k6-script-runtime.ts';
import { K6_PULL_BYTES, K6_PULL_DURATION, K6_PULL_ERRORS, K6_PULL_SKIPPED, K6_PULL_TTFB } from '../../src/dist/k6-metrics.ts';

const runtime = suite('K6_SCRIPT_RUNTIME');
runtime('builds constant-arrival-rate scenarios tagged worker and endpoint, running the exported pull()', () => {
  assert.ok(K6_SCRIPT_RUNTIME.includes("executor: 'constant-arrival-rate'"));
  assert.ok(K6_SCRIPT_RUNTIME.includes('tags: { worker: p.worker, endpoint: p.endpoint }'));
  assert.ok(K6_SCRIPT_RUNTIME.includes("exec: 'pull'"));
  assert.ok(K6_SCRIPT_RUNTIME.includes('export function pull(): void'));
});
runtime('records the metrics the ingest reads, bytes and TTFB before duration', () => {
  for (const name of [K6_PULL_DURATION, K6_PULL_TTFB, K6_PULL_BYTES, K6_PULL_ERRORS, K6_PULL_SKIPPED]) {
    assert.ok(K6_SCRIPT_RUNTIME.includes(`'${name}'`), name);
  }
  const bytes = K6_SCRIPT_RUNTIME.indexOf('pullBytes.add(bytes, tags)');
  const ttfb = K6_SCRIPT_RUNTIME.indexOf('pullTtfb.add(ttfbMs, tags)');
  const duration = K6_SCRIPT_RUNTIME.indexOf('pullDuration.add(durationMs, tags)');
  assert.ok(bytes > 0 && bytes < ttfb && ttfb < duration);
});
runtime('reads secrets and switches from __ENV only', () => {
  for (const name of ['REPLBENCH_WORKER', 'REPLBENCH_CLOUD', 'REPLBENCH_DURATION', 'K6_CLOUDRUN_DISTRIBUTION', 'REPLBENCH_USERNAME', 'REPLBENCH_PASSWORD', 'REPLBENCH_TOKEN']) {
    assert.ok(K6_SCRIPT_RUNTIME.includes(`__ENV.${name}`) || K6_SCRIPT_RUNTIME.includes(`'${name}'`), name);
  }
});
runtime('holds no template-literal syntax that would break its String.raw form', () => {
  assert.not.ok(K6_SCRIPT_RUNTIME.includes('`'));
  assert.not.ok(K6_SCRIPT_RUNTIME.includes('${'));
});
runtime.run();
