import { ContextError, type ErrorCode } from '../../model/index.js';

/**
 * A broken promise of the contract. The kit ships in the library, so it carries its own small
 * assertions rather than depending on a test library at run time.
 */
export class ContractFailure extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ContractFailure';
  }
}

/** Fails the case with `message`. */
export function fail(message: string, cause?: unknown): never {
  throw new ContractFailure(message, cause === undefined ? undefined : { cause });
}

/** Fails the case with `message` unless `condition` holds. */
export function ok(condition: unknown, message: string): asserts condition {
  if (!condition) fail(message);
}

/** A short, readable form of a value for failure messages; long strings are cut so a 1 MB value does not flood the report. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}…` : value);
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value, (_key, inner: unknown) =>
      typeof inner === 'string' && inner.length > 80 ? `${inner.slice(0, 77)}…` : inner,
    );
    return text.length > 400 ? `${text.slice(0, 397)}…` : text;
  } catch {
    return String(value);
  }
}

/** Fails unless `actual` is `expected` (`Object.is`), naming `what` in the message. */
export function equal<T>(actual: T, expected: T, what: string): void {
  if (!Object.is(actual, expected)) fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

/** The first place two plain values differ, as a dotted path, or undefined when they are equal. */
function firstDifference(actual: unknown, expected: unknown, path: string): string | undefined {
  if (Object.is(actual, expected)) return undefined;
  const here = path || '(the whole value)';
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) {
    return `${here}: expected ${show(expected)}, got ${show(actual)}`;
  }
  if (Array.isArray(actual) !== Array.isArray(expected)) return `${here}: expected ${show(expected)}, got ${show(actual)}`;
  if (Array.isArray(actual) && Array.isArray(expected) && actual.length !== expected.length) {
    return `${here}: expected ${expected.length} items, got ${actual.length}: ${show(actual)}`;
  }
  const actualRecord = actual as Record<string, unknown>;
  const expectedRecord = expected as Record<string, unknown>;
  const keys = new Set([...Object.keys(actualRecord), ...Object.keys(expectedRecord)]);
  for (const key of keys) {
    // An own property holding undefined is the same as an absent one once the object is stored.
    if (actualRecord[key] === undefined && expectedRecord[key] === undefined) continue;
    const difference = firstDifference(actualRecord[key], expectedRecord[key], path ? `${path}.${key}` : key);
    if (difference) return difference;
  }
  return undefined;
}

/** Fails unless two plain values are structurally equal, naming the first path where they differ. */
export function deepEqual(actual: unknown, expected: unknown, what: string): void {
  const difference = firstDifference(actual, expected, '');
  if (difference) fail(`${what}: differs at ${difference}`);
}

/** Checks that a call rejects with a ContextError of `code`; for `invalid-input`, that an issue names `path` (or a path below it). */
export async function rejectsWith(
  code: ErrorCode,
  call: () => Promise<unknown>,
  what: string,
  path?: string,
): Promise<ContextError> {
  let promise: Promise<unknown>;
  try {
    promise = call();
  } catch (error) {
    fail(`${what}: threw synchronously (${describeError(error)}) instead of returning a rejected promise`, error);
  }
  let outcome: { value: unknown } | { error: unknown };
  try {
    outcome = { value: await promise };
  } catch (error) {
    outcome = { error };
  }
  if ('value' in outcome) fail(`${what}: expected a "${code}" error, but it resolved with ${show(outcome.value)}`);
  const error = outcome.error;
  if (!(error instanceof ContextError)) {
    const hint =
      error instanceof Error && 'code' in error
        ? ' (it has a code but is not a ContextError of this library: is a second copy of the library loaded?)'
        : '';
    fail(`${what}: expected a ContextError "${code}", got ${describeError(error)}${hint}`, error);
  }
  if (error.code !== code) fail(`${what}: expected a "${code}" error, got "${error.code}": ${error.message}`, error);
  if (path !== undefined) assertIssueAt(error, path, what);
  return error;
}

/** Checks that an invalid-input error names `path`, exactly or as the parent of the path it names. */
export function assertIssueAt(error: ContextError, path: string, what: string): void {
  const issues = (error as { issues?: unknown }).issues;
  if (!Array.isArray(issues)) fail(`${what}: the invalid-input error carries no \`issues\` array`, error);
  const paths = issues.map((issue: { path?: unknown }) => issue?.path);
  const named = paths.some((candidate) => candidate === path || (typeof candidate === 'string' && candidate.startsWith(`${path}.`)));
  if (!named) fail(`${what}: expected an issue at path ${show(path)}, got issues at ${show(paths)} (${error.message})`, error);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return show(error);
}

/** Resolves with the result of `call` and how long it took, in ms. */
export async function timed<T>(call: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await call();
  return { result, ms: performance.now() - started };
}

/** Waits until `check` returns true, polling, or fails after `withinMs` saying what was awaited. */
export async function eventually(check: () => boolean, withinMs: number, what: string): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (!check()) {
    if (performance.now() > deadline) fail(`${what} (waited ${withinMs} ms)`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** An instant as `Date.toISOString()` writes it: what the store must return for every timestamp. */
export function assertIsoInstant(value: unknown, what: string): asserts value is string {
  ok(
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/.test(value) && !Number.isNaN(Date.parse(value)),
    `${what}: expected an ISO 8601 instant in UTC (…Z), got ${show(value)}`,
  );
}
