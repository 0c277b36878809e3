import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { readStaged, StagingFile, type StagedRecord } from '../../src/dist/k6-staging.ts';
import { withTmpDir } from './k6-fixtures.ts';

const staging = suite('StagingFile');
staging('records come back in order, with counts and the time range', async () => {
  await withTmpDir(async (dir) => {
    const f = new StagingFile(join(dir, 'x.tmp'));
    const records: StagedRecord[] = [];
    for (let i = 0; i < 3000; i++) {
      records.push({ k: 'pull', timeUs: 5_000_000 - i, worker: 'w', endpoint: 'e', image: `i${i}`, phase: 'warm', durationUs: i, ttfbUs: 1, bytes: 2 });
    }
    records.push({ k: 'error', timeUs: 9_000_000, code: 'E_REGISTRY', message: 'k6: the blob answered 503', labels: { worker: 'w', endpoint: 'e', image: 'i', phase: 'cold' } });
    for (const r of records) f.add(r);
    f.close();
    f.close();
    assert.equal({ pulls: f.pulls, errors: f.errors, records: f.records, min: f.minTimeUs, max: f.maxTimeUs }, { pulls: 3000, errors: 1, records: 3001, min: 5_000_000 - 2999, max: 9_000_000 });
    const back: StagedRecord[] = [];
    for await (const r of readStaged(f.path)) back.push(r);
    assert.equal(back, records);
  });
});
staging.run();
