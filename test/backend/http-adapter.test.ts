import { runAdapterContract } from '../../src/backend/contract.js';
import { signedIn } from '../server/auth-support.js';
import { serverContractSubject } from '../server/http-support.js';

// The HTTP adapter keeps the same contract as the built-in store, against the reference server:
// each backend gets a server of its own (a fresh schema on the shared in-memory PGlite), stopped
// and dropped afterwards. Authentication is on: every call carries an OIDC access token of an
// administrator, verified against the issuer's keys.

runAdapterContract(serverContractSubject('HTTP adapter + reference server, signed in', () => signedIn.serverOptions(), () => signedIn.adminToken()));
