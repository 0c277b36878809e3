import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../src/report/fold.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { runEvents } from './fixtures.ts';

const md = suite('renderMarkdown');
md('shows lag ± uncertainty, outcomes, accuracy, the pull matrix, gains and thresholds', () => {
  const text = renderMarkdown(foldEvents(runEvents()));
  assert.ok(text.startsWith('# replbench run 20240101T000000Z-smoke\n'));
  assert.match(text, /- complete: yes\n/);
  assert.match(text, /## Replication lag\n\n\| region \| replicated \| p50 \| p90 \| p99 \| max \|/);
  assert.match(text, /\| westeurope \| 100 \| 50ms ± 2ms \| 90(\.1)?ms ± 2ms \| 99(\.\d)?ms ± 2ms \| 100(\.1)?ms ± 2ms \|/);
  assert.match(text, /\| japaneast \| 98 \| 1 \| 0 \| 1 \| 2030 \| 20\.3 \|/);
  assert.match(text, /## Accuracy against the lab's ground truth/);
  assert.match(text, /\| worker \\ endpoint \| eastus \| japaneast \| westeurope \|/);
  assert.match(text, /\| eastus \| \*\*10ms \/ 10ms\*\* \| 160(\.1)?ms \/ 160(\.1)?ms \| 90ms \/ 90ms \|/);
  assert.match(text, /\| eastus \| 10ms \| westeurope \| 90ms \| 8\.99× \|/);
  assert.match(text, /\| \*\*FAIL\*\* \| `replication_outcome\{region:japaneast\}: rate\(replicated\)>=0\.99` \| region=japaneast \| 98\.00% \|/);
  assert.match(text, /3 of 6 thresholds failed\./);
  assert.match(text, /\| E_TIMEOUT \| 1 \|/);
  assert.match(text, /## Pull outcomes\n\n\| worker \| endpoint \| ok \| digest-mismatch \| error \| timeout \| stalled \| throttled \|/);
  assert.match(text, /\| eastus \| japaneast \| 10 \| 0 \| 0 \| 1 \| 0 \|/);
  assert.match(text, /1 pull failed \(their codes are under Errors\); the pull percentiles are over the pulls that completed\./);
  assert.match(text, /Inconsistent: japaneast: manifest-without-blobs ×1\./);
});
md('marks an incomplete, truncated run and leaves out empty sections', () => {
  const events = runEvents().filter((e) => e.type === 'run-start' || e.type === 'push');
  const text = renderMarkdown(foldEvents(events, { truncated: true, thresholds: {} }));
  assert.match(text, /- complete: \*\*no\*\* \(the log has no run-end record\)/);
  assert.match(text, /cut-off line/);
  assert.match(text, /No artifact was seen replicated\./);
  assert.not.match(text, /## Pull duration/);
  assert.not.match(text, /## Thresholds/);
  assert.not.match(text, /## Accuracy/);
});
md('is the same text for the same events', () => {
  assert.is(renderMarkdown(foldEvents(runEvents())), renderMarkdown(foldEvents(runEvents())));
});
md.run();
