import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { z } from 'zod';
import { ConfigError } from '../../src/errors.ts';
import { configError, configErrorMap, describeFound, formatPath, issuesToConfigError } from '../../src/config/issues.ts';

function messageFor(schema: z.ZodType, input: unknown): string {
  const r = schema.safeParse(input, { error: configErrorMap });
  assert.not.ok(r.success, 'expected the parse to fail');
  return r.success ? '' : issuesToConfigError('f.yaml', r.error.issues, input).message;
}

const map = suite('configErrorMap');

map('phrases zod codes as "expected …"', () => {
  const s = z.strictObject({ n: z.number().int().min(1), e: z.enum(['x', 'y']), l: z.array(z.string()).min(1), b: z.boolean().optional() });
  assert.is(messageFor(s, { n: 'x', e: 'x', l: ['a'] }), 'f.yaml: n: expected a number, found "x"');
  assert.is(messageFor(s, { n: 2.5, e: 'x', l: ['a'] }), 'f.yaml: n: expected a whole number, found 2.5');
  assert.is(messageFor(s, { n: 0, e: 'x', l: ['a'] }), 'f.yaml: n: expected a number ≥ 1, found 0');
  assert.is(messageFor(s, { n: 1, e: 'z', l: ['a'] }), 'f.yaml: e: expected one of "x", "y", found "z"');
  assert.is(messageFor(s, { n: 1, e: 'x', l: [] }), 'f.yaml: l: expected a list of ≥ 1 item(s), found an empty list');
  assert.is(messageFor(s, { n: 1, e: 'x', l: ['a'], b: 'yes' }), 'f.yaml: b: expected true or false, found "yes"');
  assert.is(messageFor(s, { e: 'x', l: ['a'] }), 'f.yaml: n: expected a number, found nothing');
});

map('unknown fields: the path points at the field, the message lists the known ones', () => {
  const s = z.strictObject({ a: z.number().optional(), inner: z.strictObject({ b: z.number().optional() }).optional() });
  assert.is(messageFor(s, { inner: { c: 1 } }), 'f.yaml: inner.c: expected only the fields b, found an unknown field "c"');
  assert.is(messageFor(s, { x: 1, y: 2 }), 'f.yaml: (top level): expected only the fields a, inner, found unknown fields "x", "y"');
});

map.run();

const toError = suite('issuesToConfigError');

toError('unions: the branch the value was meant for, or the forms allowed', () => {
  const size = z.union([z.number(), z.string(), z.strictObject({ kind: z.literal('fixed'), size: z.number() })]);
  assert.is(messageFor(size, true), 'f.yaml: (top level): expected a number, a string or a mapping, found true');
  assert.is(messageFor(size, { kind: 'fixed', size: 'x' }), 'f.yaml: size: expected a number, found "x"');
  const tagged = z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('a') }), z.strictObject({ kind: z.literal('b') })]);
  assert.is(messageFor(z.strictObject({ t: tagged }), { t: { kind: 'c' } }), 'f.yaml: t.kind: expected one of "a", "b", found "c"');
});

toError('messages written in a schema are kept; ", found" only when missing', () => {
  const s = z.strictObject({ r: z.string().regex(/^a+$/, 'expected some a'), q: z.string().refine(() => false, 'expected q, found nonsense').optional() });
  assert.is(messageFor(s, { r: 'b' }), 'f.yaml: r: expected some a, found "b"');
  assert.is(messageFor(s, { r: 'a', q: 'z' }), 'f.yaml: q: expected q, found nonsense');
});

toError('never echoes values under target.auth (but does show its kind)', () => {
  const s = z.strictObject({ target: z.strictObject({ auth: z.strictObject({ kind: z.literal('basic'), passwordEnv: z.string().regex(/^[A-Z_]+$/, 'expected a name') }) }) });
  const m = messageFor(s, { target: { auth: { kind: 'basic', passwordEnv: 'hunter2 secret' } } });
  assert.is(m, 'f.yaml: target.auth.passwordEnv: expected a name, found a string');
  assert.not.match(m, /hunter2/);
  assert.match(messageFor(s, { target: { auth: { kind: 'ntlm', passwordEnv: 'X' } } }), /target\.auth\.kind: expected "basic", found "ntlm"$/);
  const hooks = z.strictObject({ headers: z.record(z.string(), z.string()) });
  assert.is(messageFor(hooks, { headers: { Authorization: 12345 } }), 'f.yaml: headers.Authorization: expected a string, found a number');
});

toError('one line that lists every problem', () => {
  const s = z.strictObject({ a: z.number(), b: z.number(), c: z.number() });
  const m = messageFor(s, { b: 'x' });
  assert.is(m, 'f.yaml: a: expected a number, found nothing; b: expected a number, found "x"; c: expected a number, found nothing');
  const e = issuesToConfigError('f.yaml', [{ code: 'custom', path: ['x'], message: 'two\nlines', input: 1 }], {});
  assert.ok(e instanceof ConfigError);
  assert.is(e.message, 'f.yaml: x: two lines');
});

toError('a lab config under a scenario\'s target: the path says where it sits, the value is quoted from it', () => {
  const s = z.strictObject({ seed: z.number() });
  const input = { seed: 'x', bogus: 1 };
  const r = s.safeParse(input, { error: configErrorMap });
  assert.is(
    issuesToConfigError('s.yaml', r.error!.issues, input, ['target']).message,
    's.yaml: target.seed: expected a number, found "x"; target.bogus: expected only the fields seed, found an unknown field "bogus"',
  );
  assert.is(formatPath(['links', 2, 'rtt']), 'links[2].rtt');
});

toError.run();

const scenarioErr = suite('configError');

scenarioErr('source, formatted path, message', () => {
  const e = configError('s.yaml', ['pull', 'workers', 2], 'expected a region, found "x"');
  assert.ok(e instanceof ConfigError);
  assert.is(e.code, 'E_CONFIG');
  assert.is(e.message, 's.yaml: pull.workers[2]: expected a region, found "x"');
  assert.is(configError('s.yaml', [], 'expected a mapping').message, 's.yaml: (top level): expected a mapping');
});

scenarioErr.run();

const found = suite('describeFound');

found('strings quoted and cut short, containers by kind, redaction', () => {
  assert.is(describeFound(undefined), 'nothing');
  assert.is(describeFound(null), 'null');
  assert.is(describeFound('x'), '"x"');
  assert.is(describeFound(3), '3');
  assert.is(describeFound([]), 'an empty list');
  assert.is(describeFound([1]), 'a list');
  assert.is(describeFound({}), 'a mapping');
  assert.is(describeFound('s3cr3t', true), 'a string');
  assert.is(describeFound('y'.repeat(100)).length, 62);
  assert.is(describeFound('https://u:pw@h.test/x?sig=abc'), '"https://***@h.test/x?…"');
});

found.run();
