import { OPERATIONS, type BackendStatus, type OperationName } from '../backend/adapter.js';
import { connectionStateOf, lastErrorOf, type ConnectionState, type ErrorSummary, type Registration } from './connection-state.js';

export { lastErrorOf, type ErrorSummary } from './connection-state.js';

/** One operation's figures: how often it ran, how often it failed, and how long it took. */
export interface OperationSummary {
  readonly operation: OperationName;
  readonly count: number;
  readonly errors: number;
  /** Absent when the backend does not report a median. */
  readonly p50Ms?: number;
  readonly p95Ms: number;
}

/**
 * What the diagnostics panel shows, its report copies and the status log writes: settings, counts,
 * latencies and error codes, and nothing about any customer.
 */
export interface StatusSummary {
  /** When the backend answered (ISO 8601). */
  readonly at: string;
  readonly state: ConnectionState;
  /** The host's word on the registration, when it gave one. */
  readonly registration?: Registration;
  readonly reachable: boolean;
  /** Round trip of the status probe, in ms. */
  readonly latencyMs: number;
  /** The backend's name, without credentials or query strings. */
  readonly backend: string;
  readonly labMode: boolean;
  /** The per-operation timeout in force, when the host says which. */
  readonly timeoutMs?: number;
  /** The operations called so far, in the adapter interface's order. */
  readonly operations: readonly OperationSummary[];
  readonly totals: { readonly count: number; readonly errors: number };
  readonly lastError?: ErrorSummary;
}

export interface SummaryContext {
  /** When the status was taken, in ms since the epoch. */
  readonly at: number;
  readonly registration?: Registration | undefined;
  readonly timeoutMs?: number | undefined;
}

/** At most this many characters of a backend's name: a name, not a document. */
const BACKEND_NAME_LIMIT = 120;

/**
 * The summary of one status answer. Only the figures and codes the adapter interface defines are
 * read, so an adapter that puts more into its status (or something odd) leaks none of it.
 */
export function summarize(status: BackendStatus, context: SummaryContext): StatusSummary {
  const operations: OperationSummary[] = [];
  for (const operation of OPERATIONS) {
    const stats = status.operations[operation];
    if (!stats) continue;
    const p50Ms = finiteOrUndefined(stats.p50Ms);
    operations.push({
      operation,
      count: countOf(stats.count),
      errors: countOf(stats.errors),
      ...(p50Ms === undefined ? {} : { p50Ms }),
      p95Ms: finiteOrUndefined(stats.p95Ms) ?? 0,
    });
  }
  const lastError = lastErrorOf(status);
  const timeoutMs = finiteOrUndefined(context.timeoutMs);
  return {
    at: new Date(context.at).toISOString(),
    state: connectionStateOf({ registration: context.registration, status }),
    ...(context.registration ? { registration: context.registration } : {}),
    reachable: status.reachable === true,
    latencyMs: finiteOrUndefined(status.latencyMs) ?? 0,
    backend: redactBackendName(String(status.backend ?? '')),
    labMode: status.labMode === true,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    operations,
    totals: {
      count: operations.reduce((sum, { count }) => sum + count, 0),
      errors: operations.reduce((sum, { errors }) => sum + errors, 0),
    },
    ...(lastError ? { lastError } : {}),
  };
}

/**
 * A backend's name fit for a support ticket: a URL keeps its origin and path but loses any user,
 * password, query and fragment; email addresses and long numbers are masked; the length is capped.
 */
export function redactBackendName(name: string): string {
  // Split on URLs: the odd pieces are addresses, the even ones plain words.
  const pieces = name.split(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s]+)/i).map((piece, index) => (index % 2 ? redactUrl(piece) : redactText(piece)));
  const clean = pieces.join('').replace(/\s+/g, ' ').trim();
  return clean.length > BACKEND_NAME_LIMIT ? `${clean.slice(0, BACKEND_NAME_LIMIT - 1)}…` : clean;
}

function redactUrl(address: string): string {
  try {
    const url = new URL(address);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : redactText(url.pathname)}`;
  } catch {
    return '[address]';
  }
}

/** Masks email addresses and anything that looks like a phone number (seven digits or more). */
export function redactText(text: string): string {
  return text
    .replace(/[^\s@"'<>()[\]]+@[^\s@"'<>()[\]]+/g, '[email]')
    .replace(/\+?\d[\d\s().-]{5,}\d/g, (found) => (found.replace(/\D/g, '').length >= 7 ? '[number]' : found));
}

function finiteOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function countOf(value: unknown): number {
  const number = finiteOrUndefined(value);
  return number === undefined ? 0 : Math.floor(number);
}
