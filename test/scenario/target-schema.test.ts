import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { labConfigSchema } from '../../src/lab/lab-config.ts';
import { labTargetSchema, ociRegionSchema, ociTargetSchema, targetSchema } from '../../src/scenario/target-schema.ts';

const target = suite('targetSchema');

target('kind picks the lab config schema or the oci target', () => {
  const lab = targetSchema.parse({ kind: 'lab', regions: [{ name: 'a' }], links: [] });
  assert.ok('regions' in lab && 'localRttMs' in lab, 'a LabConfig');
  const oci = targetSchema.parse({ kind: 'oci', regions: [{ name: 'a', endpoint: 'https://a.test' }] });
  assert.ok('kind' in oci && oci.kind === 'oci');
});

target('a missing or unknown kind is one issue at target.kind', () => {
  for (const bad of [{ regions: [] }, { kind: 'ftp' }]) {
    const r = targetSchema.safeParse(bad);
    assert.not.ok(r.success);
    if (!r.success) {
      assert.is(r.error.issues.length, 1);
      assert.equal(r.error.issues[0]?.path, ['kind']);
      assert.is(r.error.issues[0]?.message, 'expected one of "lab", "oci", "acr", "blob"');
    }
  }
});

target.run();

const lab = suite('labTargetSchema');
lab('is the lab config schema itself, not a copy', () => {
  assert.is(labTargetSchema, labConfigSchema);
});
lab.run();

const oci = suite('ociTargetSchema, ociRegionSchema');
oci('regions with endpoints; auth by reference only', () => {
  assert.is(ociRegionSchema.parse({ name: 'a', endpoint: 'a.test' }).insecure, false);
  const region = [{ name: 'a', endpoint: 'https://a.test' }];
  assert.equal(ociTargetSchema.parse({ kind: 'oci', regions: region }).auth, { kind: 'anonymous' });
  assert.ok(ociTargetSchema.safeParse({ kind: 'oci', regions: region, auth: { kind: 'basic', username: 'u', passwordEnv: 'P' } }).success);
  assert.not.ok(ociTargetSchema.safeParse({ kind: 'oci', regions: region, auth: { kind: 'basic', username: 'u', passwordEnv: 'P', password: 'x' } }).success);
  assert.not.ok(ociTargetSchema.safeParse({ kind: 'oci', regions: region, auth: { kind: 'bearer', tokenEnv: 'T', token: 'x' } }).success);
  assert.not.ok(ociTargetSchema.safeParse({ kind: 'oci', regions: region, auth: { kind: 'basic', username: 'u' } }).success);
  assert.not.ok(ociTargetSchema.safeParse({ kind: 'oci', regions: [] }).success);
});
oci.run();
