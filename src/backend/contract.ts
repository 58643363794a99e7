/**
 * The adapter contract kit: every promise `ContextBackend` makes, as cases that run against any
 * backend. A third party proves its own adapter with one call in its test suite:
 *
 * ```ts
 * import { runAdapterContract } from 'customer-context/contract';
 * runAdapterContract({
 *   name: 'my CRM adapter',
 *   create: (settings) => MyAdapter.connect({ ...settings, baseUrl: testServer.url }),
 *   setFault: (backend, fault) => testServer.simulate(fault),
 *   dispose: (backend) => testServer.reset(),
 * });
 * ```
 *
 * Where the interface leaves a detail open, the kit decides it (each decision is a case, so it
 * can be read and argued with):
 * - A closed activity refuses any update, reopening included, as `invalid-input` at `state`.
 * - `findCustomers` refuses a `limit` outside 1–200, and `listActivities` a `pageSize` outside
 *   1–200, an unknown media type, a `since`/`until` that is not an ISO instant, or a cursor it never
 *   issued, as `invalid-input` at that option; a blank `text` is no filter.
 * - Activities and requests must name an existing customer (`invalid-input` at `customerId`).
 * - A 1 MB query finds nobody or is `invalid-input`; it never hangs or fails otherwise.
 * - `status()` resolves `reachable: false` for an unavailable or stalled backend, within the
 *   deadline; per-operation counts include failed calls in both `count` and `errors`.
 * - An unknown property must be named by the error, in an issue's path or message.
 * - Unsubscribing twice is harmless.
 * - A `defaultRegion` that is no phone region is refused when the backend is made.
 * - Code loaded on first use (phone metadata, a connection) works on the first calls on a fresh
 *   page as on any later one; how long it takes is for a benchmark to measure.
 * - Identities and merges (`CustomerMerging`) are optional: their cases pass at once for a
 *   backend without them. An identity another customer has is a `conflict`; a bad phone or email
 *   is `invalid-input` at `value`; after a merge the merged id answers the kept customer.
 *   A backend that also exports and imports its whole data (`exportData`, `importData`) keeps
 *   where merged ids lead through an export read into an empty one.
 *
 * Timing: a case that sets no `timeoutMs` runs with 15 s (`CONTRACT_DEFAULT_TIMEOUT_MS`), so a
 * loaded test machine never fails a call that should succeed; a case about deadlines sets a short
 * one and gives it only to the calls that must time out. A case asserts what happened (the error's
 * code and message), and bounds a duration only generously.
 *
 * @module
 */
import type { BackendSettings, ContextBackend } from './adapter.js';
import { ACTIVITY_CASES } from './contract/activities.js';
import { CUSTOMER_CASES } from './contract/customers.js';
import { DEADLINE_CASES } from './contract/deadlines.js';
import { FIRST_USE_CASES } from './contract/first-use.js';
import { JOURNEY_CASES } from './contract/journey.js';
import { LAB_MODE_CASES } from './contract/lab-mode.js';
import { LOOKUP_CASES } from './contract/lookup.js';
import { MERGE_CASES } from './contract/merges.js';
import { REQUEST_CASES } from './contract/requests.js';
import { STATUS_CASES } from './contract/status.js';
import { SUBSCRIPTION_CASES } from './contract/subscriptions.js';
import type { ContractCase, ContractContext, ContractSubject } from './contract/types.js';
import { UNICODE_CASES } from './contract/unicode.js';
import { VALIDATION_CASES } from './contract/validation.js';

export type { ContractCase, ContractContext, ContractSubject } from './contract/types.js';
export { ContractFailure } from './contract/assert.js';

/** Every case of the contract, in the order they are registered. */
export const CONTRACT_CASES: readonly ContractCase[] = [
  ...FIRST_USE_CASES,
  ...CUSTOMER_CASES,
  ...VALIDATION_CASES,
  ...UNICODE_CASES,
  ...LOOKUP_CASES,
  ...ACTIVITY_CASES,
  ...JOURNEY_CASES,
  ...REQUEST_CASES,
  ...SUBSCRIPTION_CASES,
  ...LAB_MODE_CASES,
  ...DEADLINE_CASES,
  ...STATUS_CASES,
  ...MERGE_CASES,
];

/**
 * Per-case time limit. Generous because IndexedDB in a busy headless browser is slow at bulk
 * writes (the paging cases write 120 activities), yet short enough that a hung call fails the
 * case rather than the whole run.
 */
export const CONTRACT_CASE_TIMEOUT_MS = 60_000;

/**
 * The backend's timeoutMs in a case that does not set one: the longest a backend may take, so
 * that a loaded test machine never times out a call the case expects to succeed. Cases about
 * deadlines set their own (200 ms, say) and use it only for the calls that must time out.
 */
export const CONTRACT_DEFAULT_TIMEOUT_MS = 15_000;

/** The part of a mocha-style test context the kit uses. */
interface TestContext {
  timeout?(ms: number): unknown;
}

/** `describe` and `it` as mocha, jasmine and web-test-runner define them. */
export interface ContractRunner {
  describe(title: string, body: () => void): unknown;
  it(title: string, body: (this: TestContext) => Promise<void>): unknown;
}

/**
 * Runs one case against a fresh backend from `subject`, then disposes every backend the case made,
 * also when it fails. Resolves when the backend keeps the case's promise; rejects with a
 * `ContractFailure` (or the backend's own unexpected error) when it does not.
 */
export async function runContractCase(subject: ContractSubject, contractCase: ContractCase): Promise<void> {
  const opened: ContextBackend[] = [];
  const open = async (settings: BackendSettings): Promise<ContextBackend> => {
    const backend = await subject.create({ timeoutMs: CONTRACT_DEFAULT_TIMEOUT_MS, ...settings });
    opened.push(backend);
    return backend;
  };
  try {
    const settings: BackendSettings = { timeoutMs: CONTRACT_DEFAULT_TIMEOUT_MS, ...contractCase.settings };
    const backend = await open(settings);
    const ctx: ContractContext = {
      backend,
      settings,
      open,
      setFault: (fault, target = backend) => subject.setFault(target, fault),
    };
    await contractCase.run(ctx);
  } catch (error) {
    // The case's own failure is the one worth reporting; a dispose error after it would hide it.
    await disposeAll(subject, opened).catch(() => undefined);
    throw error;
  }
  await disposeAll(subject, opened);
}

async function disposeAll(subject: ContractSubject, backends: readonly ContextBackend[]): Promise<void> {
  const failures: unknown[] = [];
  for (const backend of backends) {
    try {
      // A backend left stalled could not close or delete its data.
      subject.setFault(backend, 'none');
      if (subject.dispose) await subject.dispose(backend);
      else backend.close();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length) throw new AggregateError(failures, `Disposing ${failures.length} backend(s) failed`);
}

function globalRunner(): ContractRunner {
  const scope = globalThis as { describe?: unknown; it?: unknown };
  if (typeof scope.describe !== 'function' || typeof scope.it !== 'function') {
    throw new Error('runAdapterContract needs describe/it: run it under mocha (or a compatible runner), or pass them in');
  }
  return { describe: scope.describe as ContractRunner['describe'], it: scope.it as ContractRunner['it'] };
}

/**
 * Registers every case of the adapter contract with mocha-style `describe`/`it` (the globals unless
 * `runner` is given): one `describe` for the subject, one per group, one `it` per case.
 */
export function runAdapterContract(subject: ContractSubject, runner: ContractRunner = globalRunner()): void {
  const groups = new Map<string, ContractCase[]>();
  for (const contractCase of CONTRACT_CASES) {
    const cases = groups.get(contractCase.group) ?? [];
    cases.push(contractCase);
    groups.set(contractCase.group, cases);
  }
  runner.describe(`adapter contract: ${subject.name}`, () => {
    for (const [group, cases] of groups) {
      runner.describe(group, () => {
        for (const contractCase of cases) {
          runner.it(contractCase.name, async function (this: TestContext) {
            this?.timeout?.(CONTRACT_CASE_TIMEOUT_MS);
            await runContractCase(subject, contractCase);
          });
        }
      });
    }
  });
}
