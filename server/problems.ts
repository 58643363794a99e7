/** The API's error answers: JSON problems (RFC 9457) whose `code` is a ContextError code. */
import type { Context } from 'hono';
import type { ErrorCode } from '../src/model/index.js';

export const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Invalid input',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

export interface Problem {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

/** A JSON problem (RFC 9457) with our `code` and, by code, `issues`, `current`, `kind` and `id`. */
export function problem(status: number, code: ErrorCode, detail: string, extra: Record<string, unknown> = {}): Problem {
  return { status, body: { title: TITLES[status] ?? 'Error', status, code, detail, ...extra } };
}

/**
 * Answers JSON. What reaches the caller passes the request's `visible` filter when it has one
 * (server/visibility.ts: sensitive values masked), whichever route built the answer.
 */
export function respond(c: Context, answer: Problem | { status: number; body: unknown }, headers: Record<string, string> = {}): Response {
  const isProblem = answer.status >= 400;
  const visible = c.get('visible') as ((body: unknown) => unknown) | undefined;
  const body = answer.body === undefined ? null : JSON.stringify(visible ? visible(answer.body) : answer.body);
  const headerRecord = {
    ...(body === null ? {} : { 'Content-Type': isProblem ? 'application/problem+json' : 'application/json' }),
    ...('headers' in answer ? answer.headers : {}),
    ...headers,
  };
  return body === null ? c.body(null, answer.status as 204, headerRecord) : c.body(body, answer.status as 200, headerRecord);
}
