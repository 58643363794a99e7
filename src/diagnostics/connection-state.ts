import { OPERATIONS, type BackendStatus, type OperationName } from '../backend/adapter.js';
import { ERROR_CODES, type ErrorCode } from '../model/errors.js';

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
  if (status && !status.reachable && lastErrorOf(status)?.code === 'not-registered') return 'not-registered';
  if (registration === 'registered') return 'registered';
  if (!status) return 'undefined';
  if (status.reachable) return 'registered';
  return CONNECTION_ERRORS.includes(lastErrorOf(status)?.code ?? '') ? 'registration-failed' : 'not-registered';
}

/**
 * The latest failure: which operation, its code and when. Never its message, which may quote what
 * was asked (an id, a phone number, an email); a code the model does not know is `unknown`.
 */
export interface ErrorSummary {
  readonly operation: OperationName;
  readonly code: ErrorCode | 'unknown';
  /** ISO 8601. */
  readonly at: string;
}

/**
 * The most recent failure across the operations, by its time. Failures are stamped to the
 * millisecond, so the probe's own failure often shares its millisecond with the call just before
 * it (a lookup that found nothing): on a tie the probe's wins, being the answer that found the
 * backend unreachable.
 */
export function lastErrorOf(status: Pick<BackendStatus, 'operations'>): ErrorSummary | undefined {
  let latest: (ErrorSummary & { time: number }) | undefined;
  for (const operation of OPERATIONS) {
    const error = status.operations[operation]?.lastError;
    const time = typeof error?.at === 'string' ? Date.parse(error.at) : NaN;
    if (!error || Number.isNaN(time)) continue;
    if (latest && (latest.time > time || (latest.time === time && operation !== 'status'))) continue;
    const code = (ERROR_CODES as readonly unknown[]).includes(error.code) ? error.code : 'unknown';
    latest = { operation, code, at: new Date(time).toISOString(), time };
  }
  if (!latest) return undefined;
  const { time: _time, ...summary } = latest;
  return summary;
}
