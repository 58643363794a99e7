/**
 * API keys are remembered once verified (server/api-keys.ts), so a revocation must reach every
 * instance's memory: the instance that revoked the key refuses it as soon as the revoke call has
 * answered, and another instance on the same schema as soon as the revocation's NOTIFY arrives.
 * The servers' clocks stand still (`clockAt`), so no remembered key expires during a test: only
 * the revocation itself can make an instance refuse a key it accepted a moment before.
 */
import { expect } from '@open-wc/testing';
import { WAIT_MS } from '../support/wait.js';
import { serverEnv, startServer, stopServer, type TestServer } from './http-support.js';
import { T0, bearer, call } from './auth-support.js';

const LOCAL_TOKEN = 'local-operator-token-for-revocation-tests';

const options = (postgres: boolean, schema?: string) => ({
  clockAt: T0,
  auth: { apiKeys: true, token: LOCAL_TOKEN },
  ...(postgres ? { postgres: true } : {}),
  ...(schema ? { schema } : {}),
});

async function status(server: TestServer, key: string): Promise<number> {
  const response = await call(server, 'GET', '/v1/me', bearer(key));
  await response.arrayBuffer();
  return response.status;
}

async function createKey(server: TestServer, name: string): Promise<{ key: string; id: string }> {
  const response = await call(server, 'POST', '/v1/admin/api-keys', bearer(LOCAL_TOKEN), { name, scopes: ['agent'] });
  expect(response.status).to.equal(201);
  const { key, apiKey } = (await response.json()) as { key: string; apiKey: { id: string } };
  return { key, id: apiKey.id };
}

async function revoke(server: TestServer, id: string): Promise<void> {
  const response = await call(server, 'DELETE', `/v1/admin/api-keys/${id}`, bearer(LOCAL_TOKEN));
  expect(response.status).to.equal(200);
}

const { postgres } = await serverEnv();

for (const onPostgres of postgres ? [false, true] : [false]) {
  describe(`revoking a remembered API key (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
    let first: TestServer;
    let second: TestServer;

    beforeEach(async () => {
      first = await startServer(options(onPostgres));
      second = await startServer(options(onPostgres, first.schema));
    });

    afterEach(async () => {
      await stopServer(second);
      await stopServer(first);
    });

    it('is refused by the instance that revoked it from the moment the revoke call answers, and another key of the tenant is not', async () => {
      const { key, id } = await createKey(first, 'CRM sync');
      const other = await createKey(first, 'IVR');
      // Accepted twice: the second time from the instance's memory.
      expect(await status(first, key)).to.equal(200);
      expect(await status(first, key)).to.equal(200);
      expect(await status(first, other.key)).to.equal(200);
      await revoke(first, id);
      expect(await status(first, key), 'the revoked key, at once').to.equal(401);
      expect(await status(first, other.key), 'the other key').to.equal(200);
      // Revoking again changes nothing, and the key stays refused.
      await revoke(first, id);
      expect(await status(first, key)).to.equal(401);
    });

    it('is refused by another instance on the same data once the revocation is heard there, without any expiry', async () => {
      const { key, id } = await createKey(first, 'CRM sync');
      // A key created on one instance works on the other at its first use: no refusal was remembered.
      expect(await status(second, key)).to.equal(200);
      expect(await status(second, key)).to.equal(200);
      await revoke(first, id);
      expect(await status(first, key)).to.equal(401);
      // The other instance's clock stands still: only the revocation's NOTIFY can make it forget the key.
      const answers: number[] = [];
      const deadline = performance.now() + WAIT_MS;
      while (answers.at(-1) !== 401 && performance.now() < deadline) {
        answers.push(await status(second, key));
        if (answers.at(-1) !== 401) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(answers.at(-1), `the other instance's last of ${answers.length} answers`).to.equal(401);
      // Once refused, always refused.
      expect(await status(second, key)).to.equal(401);
    }).timeout(30_000);
  });
}
