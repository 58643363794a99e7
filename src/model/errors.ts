/** Every failure an adapter reports is one of these codes, so callers branch on data, not on messages. */
export const ERROR_CODES = [
  'not-found',
  'conflict',
  'invalid-input',
  'timeout',
  'unavailable',
  'forbidden',
  'unauthenticated',
  'aborted',
  'invalid-response',
  'not-registered',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one value: `path` is dotted (`dataElements.Context_Mobile_Phone`), empty for the whole value. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export class ContextError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

export class NotFoundError extends ContextError {
  constructor(
    readonly kind: string,
    readonly id: string,
  ) {
    super('not-found', `No ${kind} with id "${id}"`);
  }
}

/** A write carried a stale version: someone else changed the object meanwhile. `current` is what is stored now. */
export class ConflictError<T = unknown> extends ContextError {
  constructor(
    message: string,
    readonly current?: T,
  ) {
    super('conflict', message);
  }
}

export class InvalidInputError extends ContextError {
  readonly issues: readonly FieldIssue[];

  constructor(issues: readonly FieldIssue[]) {
    const [first] = issues;
    const head = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'Invalid input';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super('invalid-input', `${head}${more}`);
    this.issues = issues;
  }

  /** The issue for `path`, if any: what a form shows next to that field. */
  issueAt(path: string): FieldIssue | undefined {
    return this.issues.find((issue) => issue.path === path);
  }
}

export class TimeoutError extends ContextError {
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super('timeout', `${operation} timed out after ${timeoutMs} ms`);
  }
}

export class UnavailableError extends ContextError {
  constructor(message = 'The context store cannot be reached', options?: ErrorOptions) {
    super('unavailable', message, options);
  }
}

export class ForbiddenError extends ContextError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** The store did not take the caller's credentials (missing, expired, wrong): signing in again may help, retrying as is will not. */
export class UnauthenticatedError extends ContextError {
  constructor(message = 'The context store did not accept the credentials') {
    super('unauthenticated', message);
  }
}

export class AbortedError extends ContextError {
  constructor(operation: string, options?: ErrorOptions) {
    super('aborted', `${operation} was aborted`, options);
  }
}

export class InvalidResponseError extends ContextError {
  constructor(message: string, options?: ErrorOptions) {
    super('invalid-response', message, options);
  }
}

export class NotRegisteredError extends ContextError {
  constructor(message = 'This component is not registered with the context store') {
    super('not-registered', message);
  }
}

export function isContextError(error: unknown): error is ContextError {
  return error instanceof ContextError;
}
