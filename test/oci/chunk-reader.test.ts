import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ProtocolError } from '../../src/errors.ts';
import { ChunkReader } from '../../src/oci/chunk-reader.ts';
import { patternBytes, piecewiseBlobSource } from '../helpers/fake-image.ts';

async function collect(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of it) parts.push(p);
  return Buffer.concat(parts);
}

const reader = suite('ChunkReader');
reader('cuts consecutive ranges across uneven source pieces from one open stream', async () => {
  const bytes = patternBytes(10_000, 'cr');
  const source = piecewiseBlobSource(bytes, 'x', 333);
  const r = new ChunkReader(source);
  const a = await collect(r.take(4000));
  const b = await collect(r.take(6000));
  assert.ok(Buffer.concat([a, b]).equals(bytes));
  assert.is(r.position, 10_000);
  assert.equal(source.opens, [0]);
  await r.close();
});
reader('seek reopens the source only when needed', async () => {
  const bytes = patternBytes(5000, 'seek');
  const source = piecewiseBlobSource(bytes, 'x', 700);
  const r = new ChunkReader(source);
  await r.seek(0);
  await collect(r.take(1000));
  await r.seek(1000);
  assert.equal(source.opens, [0]);
  await r.seek(2500);
  assert.ok((await collect(r.take(100))).equals(bytes.subarray(2500, 2600)));
  assert.equal(source.opens, [0, 2500]);
  await r.close();
});
reader('a source shorter than declared is a ProtocolError', async () => {
  const source = { ...piecewiseBlobSource(patternBytes(10, 's'), 'x'), sizeBytes: 20 };
  const r = new ChunkReader(source);
  try {
    await collect(r.take(20));
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof ProtocolError);
  }
});
reader.run();
