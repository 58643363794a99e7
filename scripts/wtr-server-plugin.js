// web-test-runner plugin: the server command `cc-server`, so browser tests can start reference
// servers (server/, Hono on an in-memory PGlite, with the fault harness) on 127.0.0.1 and stop
// them again. Payloads: { action: 'start', lab?, token?, faults?, replayLimit?, heartbeatMs?,
// bodyLimitBytes?, schema?, postgres?, tenantHeader?, allowedOrigins?, rateLimit?, requestTimeoutMs?,
// auth?, devIssuer?, fieldSets?, clockAt? } → { id, url, schema }; { action: 'stop', id };
// { action: 'env' } → { postgres } (whether DATABASE_URL is set); { action: 'ready' } → once the
// warm-up is done (test/server/http-support.ts waits for it before a file's first test); per
// server id, `log`, `advance-clock`, `break-writes`, `restore`, `retention` and `fetch`; `unfiltered`,
// `legacy-schema`, `system-role` and `bypass-role` for the tenant tests; `finesse-start`,
// `finesse-requests` and `finesse-stop` for a stand-in Finesse (server/testing.ts).
// The servers run in a worker thread (scripts/test-servers-worker.js), started as the test run
// starts: it loads the server (TypeScript, through tsx) and starts and stops one server at once,
// so that no test's start pays for loading it and for PGlite.
import { Worker } from 'node:worker_threads';

export function serverPlugin() {
  let worker;
  let next = 1;
  const waiting = new Map();

  function start() {
    worker = new Worker(new URL('./test-servers-worker.js', import.meta.url));
    worker.on('message', ({ id, result, error }) => {
      const pending = waiting.get(id);
      if (!pending) return;
      waiting.delete(id);
      if (error === undefined) pending.resolve(result);
      else pending.reject(new Error(`cc-server: ${error}`));
    });
    worker.on('error', (error) => {
      for (const pending of waiting.values()) pending.reject(error);
      waiting.clear();
    });
  }

  function ask(payload) {
    if (!worker) start();
    const id = next++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, payload });
    });
  }

  return {
    name: 'cc-server',
    serverStart() {
      start();
    },
    async executeCommand({ command, payload }) {
      if (command !== 'cc-server') return undefined;
      return ask(payload ?? { action: 'env' });
    },
    async serverStop() {
      if (!worker) return;
      await ask({ action: 'close' }).catch(() => undefined);
      await worker.terminate();
      worker = undefined;
    },
  };
}
