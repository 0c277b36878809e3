import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findChallenge, parseWwwAuthenticate } from '../../src/oci/www-authenticate.ts';

const parse = suite('parseWwwAuthenticate');

parse('reads a Bearer challenge with quoted params', () => {
  const [ch] = parseWwwAuthenticate('Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:team/app:pull,push"');
  assert.equal(ch, {
    scheme: 'bearer',
    params: { realm: 'https://auth.example.com/token', service: 'registry.example.com', scope: 'repository:team/app:pull,push' },
  });
});

parse('scheme and param names are case-insensitive; values keep their case', () => {
  const [ch] = parseWwwAuthenticate('BEARER Realm="https://A.example/Token", SERVICE=Reg.Example');
  assert.is(ch?.scheme, 'bearer');
  assert.equal(ch?.params, { realm: 'https://A.example/Token', service: 'Reg.Example' });
});

parse('quoted strings keep commas and unescape backslashes', () => {
  const [ch] = parseWwwAuthenticate('Bearer realm="https://x/t", scope="repository:a:pull,push repository:b:pull", error="say \\"hi\\", ok"');
  assert.is(ch?.params.scope, 'repository:a:pull,push repository:b:pull');
  assert.is(ch?.params.error, 'say "hi", ok');
});

parse('several challenges in one header', () => {
  const all = parseWwwAuthenticate('Basic realm="r1", Bearer realm="https://t/x",service="s", Negotiate');
  assert.equal(all.map((c) => c.scheme), ['basic', 'bearer', 'negotiate']);
  assert.is(findChallenge(all, 'bearer')?.params.service, 's');
  assert.is(findChallenge(all, 'basic')?.params.realm, 'r1');
});

parse('token68 after the scheme', () => {
  const all = parseWwwAuthenticate('Negotiate YWJjZGVm==, Basic realm="x"');
  assert.is(all[0]?.token68, 'YWJjZGVm==');
  assert.equal(all[1], { scheme: 'basic', params: { realm: 'x' } });
});

parse('unquoted token values and optional whitespace around "="', () => {
  const [ch] = parseWwwAuthenticate('Bearer realm = "https://t/x" , service=registry.docker.io');
  assert.equal(ch?.params, { realm: 'https://t/x', service: 'registry.docker.io' });
});

parse('unquoted values are read leniently up to a comma', () => {
  const [ch] = parseWwwAuthenticate('Bearer realm=https://auth.example/token?x=1,service=reg.example:5000');
  assert.equal(ch?.params, { realm: 'https://auth.example/token?x=1', service: 'reg.example:5000' });
});

parse('empty, missing and garbage headers never throw', () => {
  assert.equal(parseWwwAuthenticate(undefined), []);
  assert.equal(parseWwwAuthenticate(''), []);
  assert.equal(parseWwwAuthenticate('  ,, '), []);
  const junk = parseWwwAuthenticate('"oops" Bearer realm="unterminated');
  assert.is(findChallenge(junk, 'bearer')?.params.realm, 'unterminated');
});

parse('first value of a repeated param wins', () => {
  const [ch] = parseWwwAuthenticate('Bearer realm="a", realm="b"');
  assert.is(ch?.params.realm, 'a');
});

parse.run();
