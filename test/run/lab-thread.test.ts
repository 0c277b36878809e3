import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from 'undici';
import { checkClock, startLabThread } from '../../src/run/lab-thread.ts';
import { tinyScenario } from './tiny-scenario.ts';

const labConfig = () => {
  const target = tinyScenario().target;
  if (target.kind !== 'lab') throw new Error('tiny scenario is a lab');
  return target.config;
};

const clock = suite('checkClock');

clock('the exchange with the shortest round trip sets the offset, ± half of it', async () => {
  // Host clock advances by the listed round trips; the remote answers 100 ms ahead of the midpoint.
  const trips = [4, 1, 3, 2];
  let t = 0;
  let i = 0;
  const now = (): number => t;
  const remote = async (): Promise<number> => {
    const rt = trips[i++ % trips.length] as number;
    const answer = t + rt / 2 + 100;
    t += rt;
    return answer;
  };
  assert.equal(await checkClock(now, remote), { offsetMs: 100, uncertaintyMs: 0.5 });
});

clock('a remote that never answers: NaN, not a made-up offset', async () => {
  const c = await checkClock(() => 0, async () => Number.NaN);
  assert.ok(Number.isNaN(c.offsetMs) && Number.isNaN(c.uncertaintyMs));
});

clock.run();

const thread = suite('startLabThread');

thread('starts the lab in a thread on the host clock, answers truth, closes without dying', async () => {
  const lab = await startLabThread(labConfig(), { now: () => performance.now() });
  let died: string | undefined;
  lab.onDied((reason) => (died = reason));
  try {
    assert.equal(lab.regions.map((r) => r.name), ['a', 'b']);
    assert.match(lab.endpointFor('a', 'b'), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.is(await lab.truthLagMs('tiny/app-0', 'sha256:00', 'b'), undefined);
    assert.ok(Math.abs(lab.clockCheck.offsetMs) <= lab.clockCheck.uncertaintyMs + 1, JSON.stringify(lab.clockCheck));
  } finally {
    await lab.close();
  }
  assert.is(died, undefined);
  assert.is(lab.died, undefined);
});

thread('a thread that dies mid-run: onDied says why, its ports close, questions answer undefined, close() still resolves', async () => {
  const lab = await startLabThread(labConfig(), { now: () => performance.now() });
  const reason = new Promise<string>((resolve) => lab.onDied(resolve));
  const res = await request(`${lab.controlUrl}/crash`, { method: 'POST' });
  assert.is(res.statusCode, 202);
  await res.body.dump();
  assert.is(await reason, 'the lab thread exited with code 70');
  assert.is(lab.died, 'the lab thread exited with code 70');
  assert.is(await lab.truthLagMs('tiny/app-0', 'sha256:00', 'b'), undefined);
  const refused = await request(`${lab.endpointFor('b', 'a')}/v2/`).then(
    async (r) => (await r.body.dump(), `answered ${r.statusCode}`),
    (err: Error & { code?: string }) => err.code,
  );
  assert.is(refused, 'ECONNREFUSED');
  // A listener set after the death hears of it too.
  let late: string | undefined;
  lab.onDied((r) => (late = r));
  assert.is(late, lab.died);
  await lab.close();
});

thread.run();
