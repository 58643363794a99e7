import { runAdapterContract } from '../../src/backend/contract.js';
import type { ContextBackend } from '../../src/backend/adapter.js';
import { HttpBackend } from '../../src/backend/http-adapter.js';
import { connect, startServer, stopServer, type TestServer } from '../server/http-support.js';

// The HTTP adapter keeps the same contract as the built-in store, against the reference server:
// each backend gets a server of its own (a fresh schema on the shared in-memory PGlite), stopped
// and dropped afterwards.
const servers = new Map<ContextBackend, TestServer>();

// The first server of a run loads the server code and starts PGlite (seconds): done here, so that
// the contract's first-use case times the first calls, not the test harness.
before(async function () {
  this.timeout(120_000);
  await stopServer(await startServer());
});

runAdapterContract({
  name: 'HTTP adapter + reference server',
  async create(settings) {
    const server = await startServer();
    try {
      const backend = await connect(server, settings);
      servers.set(backend, server);
      return backend;
    } catch (error) {
      await stopServer(server);
      throw error;
    }
  },
  setFault: (backend, fault) => {
    (backend as HttpBackend).fault = fault;
  },
  dispose: async (backend) => {
    backend.close();
    const server = servers.get(backend);
    servers.delete(backend);
    if (server) await stopServer(server);
  },
});
