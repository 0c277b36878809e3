import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../src/report/fold.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { connectedSection, egressSection, signalSection } from '../../src/report/markdown-extras.ts';
import { runEvents } from './fixtures.ts';
import { connectedEvents, egressEvents, signalEvents } from './issue7-events.ts';

const signals = suite('signalSection');
signals('a table per source with the signed median difference and the receiver counters', () => {
  const md = signalSection(foldEvents(signalEvents()));
  assert.match(md, /## Replication lag from webhook events/);
  assert.match(md, /\| westeurope \| 5 \| 1 \| .* \| 5 \| \+20ms \| 20ms \|/);
  assert.match(md, /Receiver: accepted 6, duplicates 1, requests 7\./);
  assert.match(md, /object-replication status/);
  assert.is(signalSection(foldEvents(runEvents())), '');
});
signals.run();

const connected = suite('connectedSection');
connected('directions, refused pushes and sync timing', () => {
  const md = connectedSection(foldEvents(connectedEvents()));
  assert.match(md, /\| cloud → edge \| 1 \| 0 \| 1 \| 0 \| 3s \| 3s \| 3s \|/);
  assert.match(md, /\| line1 \| 1 \| 0 \| 0 \|/);
  assert.match(md, /\| edge \| edge: every 10s \| 1 \| 2\.8s \| 200ms \| 200ms \| 200ms \|/);
  assert.is(connectedSection(foldEvents(runEvents())), '');
});
connected.run();

const egress = suite('egressSection');
egress('bytes and cost per worker; in report.md after the gains', () => {
  const report = foldEvents(egressEvents());
  assert.match(egressSection(report), /\| eastus \| 1\.86GiB \| 953\.67MiB \| 0\.020000 USD \|/);
  const md = renderMarkdown(report);
  assert.ok(md.indexOf('## Egress') > 0);
  assert.is(egressSection(foldEvents(egressEvents(false))), '');
  assert.not.match(renderMarkdown(foldEvents(runEvents())), /## Egress|## Connected|webhook events/);
});
egress.run();
