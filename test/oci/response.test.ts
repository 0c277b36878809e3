import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ProtocolError } from '../../src/errors.ts';
import { RegistryError } from '../../src/oci/errors.ts';
import { expectStatus, header, headerJoined, locationOf, readBytes, readTextPrefix } from '../../src/oci/response.ts';
import { startServer } from '../helpers/fake-server.ts';
import { testClient } from '../helpers/test-client.ts';

// Exchanges come from a real transport against a scripted server.
async function withExchange(
  respond: (res: import('node:http').ServerResponse) => void,
  check: (ex: import('../../src/oci/response.ts').Exchange) => Promise<void>,
  method: 'GET' | 'HEAD' = 'GET',
): Promise<void> {
  const server = await startServer((_req, res) => respond(res));
  const { client } = testClient(server.origin);
  const transport = (client as unknown as { transport: import('../../src/oci/transport.ts').Transport }).transport;
  try {
    await check(await transport.request({ method, url: '/v2/app/x?secret=1' }));
  } finally {
    await client.close();
    await server.close();
  }
}

const helpers = suite('response helpers');
helpers('header / headerJoined read single and repeated headers', async () => {
  await withExchange(
    (res) => {
      res.setHeader('www-authenticate', ['Basic realm="a"', 'Bearer realm="b"']);
      res.setHeader('x-one', '1');
      res.end();
    },
    async (ex) => {
      assert.is(header(ex, 'X-One'), '1');
      assert.is(headerJoined(ex, 'www-authenticate'), 'Basic realm="a", Bearer realm="b"');
      assert.is(header(ex, 'www-authenticate'), 'Basic realm="a"');
    },
  );
});
helpers('readBytes bounds the body; readTextPrefix truncates', async () => {
  await withExchange((res) => res.end('x'.repeat(1000)), async (ex) => {
    try {
      await readBytes(ex, 10);
      assert.unreachable();
    } catch (e) {
      assert.ok(e instanceof ProtocolError && !e.message.includes('secret'));
    }
  });
  await withExchange((res) => res.end('y'.repeat(1000)), async (ex) => assert.is(await readTextPrefix(ex, 10), 'y'.repeat(10)));
});
helpers('expectStatus throws a RegistryError from the error body', async () => {
  await withExchange(
    (res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry"}]}'),
    async (ex) => {
      try {
        await expectStatus(ex, [200]);
        assert.unreachable();
      } catch (e) {
        assert.ok(e instanceof RegistryError && e.ociCode === 'NAME_UNKNOWN' && e.path === '/v2/app/x' && e.method === 'GET');
      }
    },
  );
});
helpers('locationOf resolves relative Locations and requires one', async () => {
  await withExchange((res) => res.writeHead(202, { location: 'uploads/1?_state=s' }).end(), async (ex) => {
    assert.is(locationOf(ex).pathname, '/v2/app/uploads/1');
    assert.is(locationOf(ex).search, '?_state=s');
  });
  await withExchange((res) => res.writeHead(202).end(), async (ex) => {
    assert.throws(() => locationOf(ex), (e: unknown) => e instanceof ProtocolError);
  });
});
helpers.run();
