import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkRegion, checkUnique, type Fail } from '../../src/scenario/fail.ts';

class Failed extends Error {
  constructor(readonly at: string, message: string) {
    super(message);
  }
}
const fail: Fail = (path, message) => {
  throw new Failed(typeof path === 'string' ? path : path.join('.'), message);
};
function failure(fn: () => void): { at: string; message: string } | undefined {
  try {
    fn();
  } catch (e: unknown) {
    if (e instanceof Failed) return { at: e.at, message: e.message };
    throw e;
  }
  return undefined;
}

const unique = suite('checkUnique');
unique('names the second occurrence', () => {
  assert.is(failure(() => checkUnique(['a', 'b'], (i) => ['x', i], 'name', fail)), undefined);
  assert.equal(failure(() => checkUnique(['a', 'b', 'a'], (i) => ['x', i], 'name', fail)), { at: 'x.2', message: 'expected each name once, found "a" again' });
});
unique.run();

const region = suite('checkRegion');
region('lists the regions', () => {
  assert.is(failure(() => checkRegion('a', ['a'], ['p'], fail)), undefined);
  assert.equal(failure(() => checkRegion('z', ['a', 'b'], ['p'], fail)), { at: 'p', message: 'expected one of the regions (a, b), found "z"' });
});
region.run();
