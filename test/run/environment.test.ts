import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { replbenchVersion, runEnvironment } from '../../src/run/environment.ts';

const env = suite('runEnvironment');

env('the version from package.json, node, platform and CPUs', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.is(replbenchVersion(), pkg.version);
  const e = runEnvironment();
  assert.is(e.replbenchVersion, pkg.version);
  assert.is(e.node, process.version);
  assert.ok(e.cpus >= 1 && Number.isInteger(e.cpus));
  assert.match(e.platform, new RegExp(`^${process.platform}-`));
});

env.run();
