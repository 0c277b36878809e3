/**
 * The lab thread (see lab-thread.ts): starts the lab on the host's clock,
 * answers ground-truth and clock questions, reports its own health once a
 * second, and closes the lab when asked — then says so and lets the thread end.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from '../errors.ts';
import { HealthMonitor } from '../measure/harness-health.ts';
import { startLab, type Lab } from '../lab/lab.ts';
import type { LabHostMessage, LabThreadData, LabThreadMessage } from './lab-thread.ts';

const port = parentPort;
if (port === null) throw new Error('lab-thread-main.ts runs as a worker thread (startLabThread)');
const data = workerData as LabThreadData;
const send = (m: LabThreadMessage): void => port.postMessage(m);

// The host's now() at its hrtime anchor, plus the monotonic time since: the run clock, read here.
const anchorNs = BigInt(data.anchor.hrtimeNs);
const now = (): number => data.anchor.nowMs + Number(process.hrtime.bigint() - anchorNs) / 1e6;

const health = new HealthMonitor({ now, onInterval: (interval) => send({ kind: 'health', interval }) });
let lab: Lab | undefined;
try {
  // POST /crash ends this thread as an uncaught error would (exit code 70, EX_SOFTWARE): no close, no goodbye.
  lab = await startLab(data.config, { now, onTimerLateness: (ms) => health.timerLateness(ms), crash: () => process.exit(70) });
  health.start();
  send({ kind: 'ready', regions: lab.regions, controlUrl: lab.controlUrl });
} catch (err: unknown) {
  send({ kind: 'failed', message: describeError(err) });
  port.close();
}

port.on('message', (m: LabHostMessage) => {
  switch (m.kind) {
    case 'now':
      send({ kind: 'now', id: m.id, nowMs: now() });
      return;
    case 'flush-health':
      health.flush();
      send({ kind: 'now', id: m.id, nowMs: now() });
      return;
    case 'truth': {
      const e = lab?.groundTruth.get(m.repo, m.digest, m.region);
      send({ kind: 'truth', id: m.id, lagMs: e?.state.status === 'pullable' ? e.state.atMs - e.committedAtMs : undefined });
      return;
    }
    case 'close':
      health.stop();
      void (lab?.close() ?? Promise.resolve()).finally(() => {
        send({ kind: 'closed' });
        port.close();
      });
      return;
  }
});
