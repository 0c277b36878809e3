/**
 * A registry that echoes the credentials it received into every error body
 * (Authorization header and its decoded form), driven through push, pull,
 * probe and run: no output of replbench — stdout, stderr, events.jsonl, any
 * report file — may contain the password, the token or their Basic/base64 forms.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/capture-io.ts';
import { tinyScenarioDoc } from '../run/tiny-scenario.ts';

const USER = 'alice';
const PASSWORD = 'S3cretPassw0rd!';
const TOKEN = 'TOKENSECRET987xyz';
const FORMS = [PASSWORD, TOKEN, Buffer.from(`${USER}:${PASSWORD}`).toString('base64'), encodeURIComponent(PASSWORD)];

let server: Server;
let url = '';
let dir = '';
const echo = suite('a registry that echoes credentials');

echo.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'replbench-echo-'));
  server = createServer((req, res) => {
    const auth = req.headers.authorization;
    if (auth === undefined) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="echo"', 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    // GET /v2/ passes, so a run gets as far as its pushes; everything else is denied, with the secret echoed.
    if (req.method === 'GET' && req.url === '/v2/') {
      res.writeHead(200, { 'docker-distribution-api-version': 'registry/2.0', 'content-type': 'application/json' });
      res.end('{}');
      return;
    }
    // HEAD has no body to echo into: "not there", so push goes on to the upload that is denied.
    if (req.method === 'HEAD') {
      res.writeHead(404);
      res.end();
      return;
    }
    const [scheme, value = ''] = auth.split(' ');
    const decoded = scheme === 'Basic' ? Buffer.from(value, 'base64').toString('utf8') : value;
    req.resume();
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code: 'DENIED', message: `denied for ${auth} (${decoded})`, detail: { sent: auth, decoded } }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

echo.after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

function assertClean(text: string, where: string): void {
  for (const form of FORMS) assert.not.ok(text.includes(form), `${where} holds a secret (${form.slice(0, 4)}…):\n${text.slice(0, 600)}`);
}

echo('push, pull and probe with Basic credentials: the denial is printed, the secret is not', async () => {
  for (const args of [
    ['push', '--endpoint', url, '--insecure', '--username', USER, '--password', PASSWORD, '--repo', 'echo/app', '--tag', 'v1', '--layer-size', '1KiB'],
    ['pull', '--endpoint', url, '--insecure', '--username', USER, '--password', PASSWORD, 'echo/app:v1'],
    ['probe', '--endpoint', url, '--insecure', '--username', USER, '--password', PASSWORD, 'echo/app:v1'],
  ]) {
    const io = captureIo();
    const code = await main(args, io);
    assert.is.not(code, 0, args[0]);
    if (args[0] !== 'probe') assert.match(io.out() + io.err(), /DENIED|denied/, args[0]);
    assertClean(io.out() + io.err(), `${args[0]}'s output`);
  }
});

echo('a bearer token from the environment: not printed either', async () => {
  const io = captureIo({ REPLBENCH_TOKEN: TOKEN });
  const code = await main(['pull', '--endpoint', url, '--insecure', 'echo/app:v1'], io);
  assert.is.not(code, 0);
  assert.match(io.err(), /DENIED/);
  assertClean(io.out() + io.err(), 'pull output');
});

echo('run: the denials land in events.jsonl and the reports, the secrets do not', async () => {
  const doc = tinyScenarioDoc({
    target: { kind: 'oci', regions: [{ name: 'a', endpoint: url, insecure: true }, { name: 'b', endpoint: url, insecure: true }], auth: { kind: 'basic', username: USER, passwordEnv: 'ECHO_PW' } },
  });
  const file = join(dir, 'scenario.json');
  await writeFile(file, JSON.stringify(doc));
  const reports = join(dir, 'reports');
  const io = captureIo({ ECHO_PW: PASSWORD });
  await main(['run', file, '--reports-dir', reports], io);
  assertClean(io.out() + io.err(), 'run output');
  const [runDir] = (await readdir(reports)).filter((n) => n !== 'latest');
  assert.ok(runDir !== undefined, `a run directory: ${io.err()}`);
  const files = await readdir(join(reports, runDir));
  const events = await readFile(join(reports, runDir, 'events.jsonl'), 'utf8');
  assert.match(events, /DENIED/);
  for (const name of files) assertClean(await readFile(join(reports, runDir, name), 'utf8'), name);
});

echo.run();
