import { runAdapterContract } from '../../src/backend/contract.js';
import { serverContractSubject, startServer, stopServer } from '../server/http-support.js';

// The HTTP adapter keeps the same contract as the built-in store, against the reference server:
// each backend gets a server of its own (a fresh schema on the shared in-memory PGlite), stopped
// and dropped afterwards.

// The first server of a run loads the server code and starts PGlite (seconds): done here, so that
// the contract's first-use case times the first calls, not the test harness.
before(async function () {
  this.timeout(120_000);
  await stopServer(await startServer());
});

runAdapterContract(serverContractSubject('HTTP adapter + reference server'));
