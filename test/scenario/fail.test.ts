import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkRegion, checkUnique } from '../../src/scenario/fail.ts';
import { fail, failure } from './recording-fail.ts';


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
