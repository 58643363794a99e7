// The reference servers of a test run, in a worker thread of their own (scripts/wtr-server-plugin.js
// starts it): PGlite and the servers' request handling then run beside the test runner's own
// event loop, which serves the test pages, instead of holding it up.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { TestServers } = await tsImport('../server/testing.ts', import.meta.url);
const servers = new TestServers();
// Paid once, now, rather than by the first test that starts a server; a failure is answered to
// every `ready` command.
servers.warmUp().catch(() => undefined);

parentPort.on('message', async ({ id, payload }) => {
  try {
    const result = payload.action === 'close' ? await servers.closeAll() : await servers.handle(payload);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.stack ?? error.message : String(error) });
  }
});
