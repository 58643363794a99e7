import type { BackendStatus, OperationName } from '../backend/adapter.js';

/**
 * The connection states an administrator sees, as Context Service named them: `undefined` before
 * anything is known (after a page refresh), `registration-failed` when the service could not be
 * reached to register with it.
 */
export const CONNECTION_STATES = ['registered', 'not-registered', 'registration-in-progress', 'registration-invalid', 'registration-failed', 'undefined'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/**
 * What the host knows about this component's registration with the context service (a connector,
 * Finesse), when it knows anything: the built-in store needs none.
 */
export const REGISTRATIONS = ['registered', 'registering', 'deregistering', 'unregistered', 'invalid'] as const;
export type Registration = (typeof REGISTRATIONS)[number];

export interface ConnectionInput {
  /** The host's word on the registration; absent when the backend needs none or the host cannot tell. */
  readonly registration?: Registration | undefined;
  /** The backend's latest status; absent before the first answer. */
  readonly status?: Pick<BackendStatus, 'reachable' | 'operations'> | undefined;
}

/** Whether `value` is one of the registrations a host may report (an attribute is any text). */
export function isRegistration(value: unknown): value is Registration {
  return typeof value === 'string' && (REGISTRATIONS as readonly string[]).includes(value);
}

/** The failures that mean the service could not be reached at all, rather than that it answered no. */
const CONNECTION_ERRORS: readonly string[] = ['timeout', 'unavailable'];

/**
 * The connection state from what the host says and what the backend answered.
 *
 * The host's word wins for a registration under way, refused as invalid, or absent. A backend that
 * cannot be reached and whose latest failure was `not-registered` is not registered, whatever the
 * host believes. Without the host's word, a backend that answered its probe is registered (it needs
 * no registration, or it accepted ours); one that did not failed to register because of a
 * connection error when its latest failure was one (a timeout, or unavailable), else is not
 * registered; before the first answer the state is undefined, as after a page refresh.
 */
export function connectionStateOf({ registration, status }: ConnectionInput): ConnectionState {
  if (registration === 'invalid') return 'registration-invalid';
  if (registration === 'registering' || registration === 'deregistering') return 'registration-in-progress';
  if (registration === 'unregistered') return 'not-registered';
  if (status && !status.reachable && latestErrorCode(status.operations) === 'not-registered') return 'not-registered';
  if (registration === 'registered') return 'registered';
  if (!status) return 'undefined';
  if (status.reachable) return 'registered';
  return CONNECTION_ERRORS.includes(latestErrorCode(status.operations) ?? '') ? 'registration-failed' : 'not-registered';
}

/**
 * The code of the most recent failure. Failures are stamped to the millisecond, so the probe's own
 * failure often shares its millisecond with the call just before it (a lookup that found nothing):
 * on a tie the probe's wins, being the answer that found the backend unreachable.
 */
function latestErrorCode(operations: BackendStatus['operations']): string | undefined {
  let latest: { at: number; code: string } | undefined;
  for (const name of Object.keys(operations) as OperationName[]) {
    const error = operations[name]?.lastError;
    const at = error ? Date.parse(error.at) : NaN;
    if (!error || Number.isNaN(at)) continue;
    if (!latest || at > latest.at || (at === latest.at && name === 'status')) latest = { at, code: error.code };
  }
  return latest?.code;
}
