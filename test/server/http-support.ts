import { executeServerCommand } from '@web/test-runner-commands';
import { WAIT_MS } from '../support/wait.js';
import type { BackendSettings, ContextBackend } from '../../src/backend/adapter.js';
import type { ContractSubject } from '../../src/backend/contract.js';
import { HttpBackend, type HttpBackendOptions } from '../../src/backend/http-adapter.js';
import type { FaultRuleInput as FaultRule, LoggedRequest } from '../../server/faults.js';
import type { RetentionReport } from '../../server/retention.js';
import type { TestServerOptions } from '../../server/test-options.js';

/** A reference server started by scripts/wtr-server-plugin.js for this test. */
export interface TestServer {
  readonly id: string;
  readonly url: string;
  readonly schema: string;
}

/**
 * Before the first test of every file that uses reference servers: wait until the test run's
 * server warm-up is done (scripts/wtr-server-plugin.js). A readiness signal, not a time limit:
 * however long a busy machine takes to load the server and PGlite, no test's own start pays for
 * it, and no hook gives up first (the runner's testsFinishTimeout still ends a run that hangs).
 */
before(async function () {
  this.timeout(0);
  await patiently({ action: 'ready' });
});

/**
 * A command the server worker may answer only after its warm-up (it loads PGlite meanwhile). The
 * runner gives up on one command after 20 s, which a warm-up on a loaded machine can take:
 * asking again waits for the same warm-up.
 */
async function patiently<T>(payload: object): Promise<T | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await executeServerCommand<T, object>('cc-server', payload);
    } catch (error) {
      if (attempt >= 10 || !String(error).includes('Did not receive a server response')) throw error;
    }
  }
}

/** Starts a reference server that lets this test page call it (CORS) unless `allowedOrigins` says otherwise. */
export async function startServer(options: TestServerOptions = {}): Promise<TestServer> {
  const server = await executeServerCommand<TestServer, object>('cc-server', { action: 'start', allowedOrigins: [location.origin], ...options });
  if (!server?.url) throw new Error(`cc-server start answered ${JSON.stringify(server)}`);
  return server;
}

export async function stopServer(server: TestServer): Promise<void> {
  await executeServerCommand('cc-server', { action: 'stop', id: server.id });
}

/** The lines a server logged (its error reports). */
export async function serverLog(server: TestServer): Promise<string[]> {
  return (await executeServerCommand<{ lines: string[] }, object>('cc-server', { action: 'log', id: server.id }))!.lines;
}

/** Moves a server's rate-limit clock on by `ms`. */
export async function advanceClock(server: TestServer, ms: number): Promise<void> {
  await executeServerCommand('cc-server', { action: 'advance-clock', id: server.id, ms });
}

/** Makes every later customer write of a server fail in its database. */
export async function breakWrites(server: TestServer): Promise<void> {
  await executeServerCommand('cc-server', { action: 'break-writes', id: server.id });
}

/** Restarts a server as if from a backup whose newest change is `head` (the url stays the same). */
export async function restoreServer(server: TestServer, head: number): Promise<void> {
  await executeServerCommand('cc-server', { action: 'restore', id: server.id, head });
}

/**
 * One retention run on a server's schema (server/retention.ts), its clock at `now`; with
 * `lockHeld`, while another holds the retention lock. Answers what it did, or `skipped`.
 */
export async function runRetention(
  server: TestServer,
  options: { now?: number; batchSize?: number; lockHeld?: boolean } = {},
): Promise<RetentionReport | { skipped: true }> {
  return (await executeServerCommand<RetentionReport | { skipped: true }, object>('cc-server', { action: 'retention', id: server.id, ...options }))!;
}

export interface RawAnswer {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A request sent from outside the browser (scripts/test-servers-worker.js), with any headers at all. */
export async function rawRequest(
  server: TestServer,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  return (await executeServerCommand<RawAnswer, object>('cc-server', { action: 'fetch', id: server.id, path, ...init }))!;
}

export async function serverEnv(): Promise<{ postgres: boolean }> {
  return (await patiently<{ postgres: boolean }>({ action: 'env' }))!;
}

/** A fault rule of the server's harness, and a request as its log records it. */
export type { FaultRule, LoggedRequest, TestServerOptions };

function adminHeaders(token?: string): Record<string, string> {
  return { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) };
}

export async function scheduleFaults(server: TestServer, faults: readonly FaultRule[], token?: string): Promise<void> {
  const response = await fetch(`${server.url}/__faults`, { method: 'POST', headers: adminHeaders(token), body: JSON.stringify({ faults }) });
  if (!response.ok) throw new Error(`POST /__faults answered ${response.status}: ${await response.text()}`);
}

export async function clearFaults(server: TestServer, token?: string): Promise<void> {
  await fetch(`${server.url}/__faults`, { method: 'DELETE', headers: adminHeaders(token) });
}

/** The requests the server has seen (not counting CORS preflights), oldest first. */
export async function requestLog(server: TestServer, token?: string): Promise<LoggedRequest[]> {
  const response = await fetch(`${server.url}/__faults/log`, { headers: adminHeaders(token) });
  const { requests } = (await response.json()) as { requests: LoggedRequest[] };
  return requests.filter((entry) => entry.method !== 'OPTIONS');
}

export function connect(server: TestServer, settings: BackendSettings = {}, options: Partial<HttpBackendOptions> = {}): Promise<HttpBackend> {
  // A generous deadline unless a test sets its own: a loaded machine must not time out a call that should succeed.
  return HttpBackend.connect({ baseUrl: server.url, timeoutMs: 15_000, ...settings, ...options });
}

/**
 * The HTTP adapter as the adapter contract's subject: each backend on a reference server of its
 * own (a fresh schema), stopped and dropped after its case. With `signIn`, the backend sends the
 * bearer token it answers (a server started with authentication on).
 */
export function serverContractSubject(
  name: string,
  options: TestServerOptions | (() => Promise<TestServerOptions>) = {},
  signIn?: () => Promise<string>,
): ContractSubject {
  const servers = new Map<ContextBackend, TestServer>();
  return {
    name,
    async create(settings) {
      const server = await startServer(typeof options === 'function' ? await options() : options);
      const token = signIn ? await signIn() : undefined;
      const backend = await connect(server, settings, token ? { token: () => token } : {}).catch(async (error: unknown) => {
        await stopServer(server);
        throw error;
      });
      servers.set(backend, server);
      return backend;
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
  };
}

/** Waits until `check` holds, polling, or throws saying what did not happen. */
export async function until(check: () => boolean, what: string, withinMs = WAIT_MS): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
