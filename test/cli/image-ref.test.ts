import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatTarget, isLoopbackHost, registryTarget, repositoryOn, splitHost } from '../../src/cli/image-ref.ts';
import { UsageError } from '../../src/errors.ts';

const split = suite('splitHost');
split('the first component is a host when it has a dot, a colon or is localhost', () => {
  assert.equal(splitHost('127.0.0.1:15000/bench/app:v1'), { host: '127.0.0.1:15000', rest: 'bench/app:v1' });
  assert.equal(splitHost('reg.example.com/app'), { host: 'reg.example.com', rest: 'app' });
  assert.equal(splitHost('localhost/app@sha256:aa'), { host: 'localhost', rest: 'app@sha256:aa' });
  assert.equal(splitHost('bench/app:v1'), { rest: 'bench/app:v1' });
  assert.equal(splitHost('app:v1'), { rest: 'app:v1' });
  assert.equal(splitHost('http://h:5000/app'), { scheme: 'http', host: 'h:5000', rest: 'app' });
});
split.run();

const loop = suite('isLoopbackHost');
loop('localhost, 127/8 and ::1 are loopback; other hosts are not', () => {
  for (const h of ['localhost', 'localhost:5000', '127.0.0.1', '127.1.2.3:80', '[::1]:5000', 'LOCALHOST']) assert.ok(isLoopbackHost(h), h);
  for (const h of ['10.0.0.1:5000', 'myregistry.azurecr.io', '128.0.0.1', 'localhost.example.com']) assert.not.ok(isLoopbackHost(h), h);
});
loop.run();

const target = suite('registryTarget');
const digest = `sha256:${'a'.repeat(64)}`;
target('a full loopback reference needs no flag: plain HTTP, with a note', () => {
  const t = registryTarget('127.0.0.1:15000/bench/app:v1', { insecure: false });
  assert.is(t.endpoint, 'http://127.0.0.1:15000');
  assert.is(t.insecure, true);
  assert.equal([t.host, t.repo, t.tag, t.ref], ['127.0.0.1:15000', 'bench/app', 'v1', 'v1']);
  assert.match(t.note ?? '', /loopback.*plain HTTP/);
});
target('a remote host is https; --insecure makes a scheme-less host http without a note', () => {
  assert.equal(registryTarget('reg.example.com/app', { insecure: false }).endpoint, 'reg.example.com');
  assert.is(registryTarget('reg.example.com/app', { insecure: false }).insecure, false);
  const t = registryTarget('reg.example.com:5000/app', { insecure: true });
  assert.equal([t.endpoint, t.insecure, t.note], ['http://reg.example.com:5000', true, undefined]);
});
target('an explicit https:// keeps TLS even on loopback; an explicit http:// on loopback needs no --insecure', () => {
  const s = registryTarget('https://127.0.0.1:5000/app:v1', { insecure: true });
  assert.equal([s.endpoint, s.note], ['https://127.0.0.1:5000', undefined]);
  const h = registryTarget('http://localhost:5000/app:v1', { insecure: false });
  assert.equal([h.endpoint, h.insecure], ['http://localhost:5000', true]);
  assert.is(registryTarget('http://reg.example.com/app', { insecure: false }).insecure, false);
});
target('a digest reference, with and without a tag', () => {
  const t = registryTarget(`localhost:5000/a/b@${digest}`, { insecure: false });
  assert.equal([t.tag, t.digest, t.ref], [undefined, digest, digest]);
  assert.is(formatTarget(t, t.digest), `localhost:5000/a/b@${digest}`);
  assert.is(registryTarget(`localhost:5000/a/b:v1@${digest}`, { insecure: false }).ref, digest);
});
target('--endpoint: the host may be left out, and must match when given', () => {
  const t = registryTarget('bench/app:v1', { endpoint: 'http://127.0.0.1:5000', insecure: true });
  assert.equal([t.endpoint, t.host, t.repo], ['http://127.0.0.1:5000', '127.0.0.1:5000', 'bench/app']);
  assert.is(registryTarget('127.0.0.1:5000/bench/app', { endpoint: '127.0.0.1:5000', insecure: false }).endpoint, 'http://127.0.0.1:5000');
  assert.throws(() => registryTarget('other.example.com/app', { endpoint: 'reg.example.com', insecure: false }), (e: unknown) => e instanceof UsageError && /names the registry other\.example\.com but --endpoint is reg\.example\.com/.test(e.message));
});
target('no registry anywhere, a bad scheme, or no repository: one usage error each', () => {
  assert.throws(() => registryTarget('bench/app:v1', { insecure: false }), /names no registry.*127\.0\.0\.1:5000\/bench\/app:v1/);
  assert.throws(() => registryTarget('ftp://h/app', { insecure: false }), /http:\/\/ or https:\/\//);
  assert.throws(() => registryTarget('localhost:5000/', { insecure: false }), /no repository/);
  assert.throws(() => registryTarget('localhost:5000/Bad', { insecure: false }), /not a valid repository name/);
});
target.run();

const repo = suite('repositoryOn');
repo('REPO or HOST/REPO of the same registry', () => {
  assert.is(repositoryOn('base/app', { host: 'h:1' }, '--mount-from'), 'base/app');
  assert.is(repositoryOn('h:1/base/app', { host: 'h:1' }, '--mount-from'), 'base/app');
  assert.throws(() => repositoryOn('x.io/base', { host: 'h:1' }, '--mount-from'), /--mount-from.*h:1/);
  assert.throws(() => repositoryOn('base:v1', { host: 'h:1' }, '--mount-from'), /without a tag/);
});
repo.run();
