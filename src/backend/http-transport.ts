import * as z from 'zod/mini';
import {
  ConflictError,
  ERROR_CODES,
  ForbiddenError,
  UnauthenticatedError,
  InvalidInputError,
  InvalidResponseError,
  NotFoundError,
  NotRegisteredError,
  UnavailableError,
  type ContextError,
} from '../model/index.js';

/** Request headers of the Customer Context API (docs/openapi.yaml). */
export const HTTP_HEADERS = {
  lab: 'Context-Lab-Mode',
  region: 'Context-Region',
  seq: 'Context-Seq',
  idempotencyKey: 'Idempotency-Key',
} as const;

/** How often and how patiently a call is tried again after a transient failure. */
export interface RetryPolicy {
  /** Tries in all, the first included (default 4). */
  readonly attempts?: number;
  /** The first wait; each next one doubles, with full jitter (default 100 ms). */
  readonly baseDelayMs?: number;
  /** The longest wait between tries, unless the server asks for longer with Retry-After (default 2000 ms). */
  readonly maxDelayMs?: number;
  /** The jitter's source, a number in [0, 1) (default Math.random); tests pass a fixed one. */
  readonly random?: () => number;
}

export interface TransportOptions {
  readonly baseUrl: string;
  /** The bearer token, or a function that returns the current one (called for every request). */
  readonly token?: string | (() => string | undefined | Promise<string | undefined>);
  /** A whole Authorization value (`Basic …` for Finesse credentials), or a function that returns it; used when there is no token. */
  readonly authorization?: string | (() => string | undefined | Promise<string | undefined>);
  readonly labMode: boolean;
  readonly region: string;
  readonly retry?: RetryPolicy;
  /** Default the global fetch; tests and hosts with their own networking pass another. */
  readonly fetch?: typeof fetch;
}

export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Below the base URL, such as `/v1/customers`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body?: unknown;
  /** Sent as Idempotency-Key; a write that carries one may be retried, since the server applies it once. */
  readonly idempotencyKey?: string;
  /** The instant (performance.now()) after which no further try starts. */
  readonly deadline: number;
  readonly signal: AbortSignal;
  /** Who is not found, for a 404's error: `customer`, `activity` or `request`. */
  readonly subject?: { readonly kind: string; readonly id: string };
  /** What a 409 carries as `current`, checked like any answer. */
  readonly current?: z.ZodMiniType;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);

const problemSchema = z.object({
  code: z.enum(ERROR_CODES),
  detail: z.optional(z.string()),
  issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  current: z.optional(z.unknown()),
  kind: z.optional(z.string()),
  id: z.optional(z.string()),
});

/** Checks an answer against its schema: anything else is the server's fault, never a crash here. */
export function parseResponse<S extends z.ZodMiniType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = z.safeParse(schema, body);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const where = first?.path.length ? ` at ${first.path.map(String).join('.')}` : '';
  throw new InvalidResponseError(`The context store answered ${what} with something invalid${where}: ${first?.message ?? 'unexpected shape'}`, {
    cause: result.error,
  });
}

/** Seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date starts with the day's name (`Wed, 25 Nov 2026 09:00:05 GMT`).
  if (!/^[A-Za-z]/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The HTTP client under the adapter: headers, retries and errors. GETs, and writes carrying an
 * Idempotency-Key, are tried again after a network failure, 429, 502, 503 or 504, with
 * exponential backoff and full jitter, honouring Retry-After; never past the call's deadline. A
 * write without a key is sent at most once.
 */
export class HttpTransport {
  readonly baseUrl: string;
  /** The newest change number any answer has carried (Context-Seq): where a new subscription resumes from. */
  lastSeq: number | undefined;
  /** The fetch every request goes through. */
  readonly fetch: typeof fetch;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  url(path: string, query: ApiRequest['query'] = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      for (const item of typeof value === 'string' ? [value] : value) params.append(key, item);
    }
    const search = params.toString();
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }

  async headers(extra: Record<string, string> = {}): Promise<Record<string, string>> {
    const token = typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
    const authorization = token
      ? `Bearer ${token}`
      : typeof this.options.authorization === 'function'
        ? await this.options.authorization()
        : this.options.authorization;
    return {
      Accept: 'application/json',
      [HTTP_HEADERS.lab]: String(this.options.labMode),
      [HTTP_HEADERS.region]: this.options.region,
      ...(authorization ? { Authorization: authorization } : {}),
      ...extra,
    };
  }

  /** Sends one request (trying again when that is safe) and returns its JSON answer, or throws a ContextError. */
  async send(request: ApiRequest): Promise<ApiResponse> {
    const retryable = request.method === 'GET' || request.idempotencyKey !== undefined;
    const attempts = retryable ? Math.max(1, this.options.retry?.attempts ?? 4) : 1;
    const base = this.options.retry?.baseDelayMs ?? 100;
    const cap = this.options.retry?.maxDelayMs ?? 2000;
    const random = this.options.retry?.random ?? Math.random;
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const url = this.url(request.path, request.query);
    let lastFailure: ContextError | undefined;
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      if (attempt > 0) {
        const wait = lastFailure instanceof RetryLater ? lastFailure.waitMs : random() * Math.min(cap, base * 2 ** (attempt - 1));
        if (performance.now() + wait >= request.deadline) {
          // Waiting would outlast the call: say so now rather than time out later.
          throw lastFailure!;
        }
        await sleep(wait, request.signal);
      }
      let response: Response;
      try {
        response = await this.fetch(url, {
          method: request.method,
          headers: await this.headers({
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...(request.idempotencyKey === undefined ? {} : { [HTTP_HEADERS.idempotencyKey]: request.idempotencyKey }),
          }),
          ...(body === undefined ? {} : { body }),
          signal: request.signal,
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch (error) {
        if (request.signal.aborted) throw request.signal.reason;
        lastFailure = new UnavailableError(`The context store cannot be reached (${describe(error)})`, { cause: error });
        continue;
      }
      const seq = Number(response.headers.get(HTTP_HEADERS.seq));
      if (response.headers.has(HTTP_HEADERS.seq) && Number.isSafeInteger(seq) && seq >= 0) this.lastSeq = Math.max(this.lastSeq ?? 0, seq);
      let parsed: unknown;
      try {
        parsed = await readJson(response);
      } catch (error) {
        if (request.signal.aborted) throw request.signal.reason;
        if (error instanceof InvalidResponseError && !RETRY_STATUSES.has(response.status)) throw error;
        // The connection broke while the answer was read: like any network failure.
        lastFailure = new UnavailableError(`The context store's answer was cut off (${describe(error)})`, { cause: error });
        continue;
      }
      if (response.ok) return { status: response.status, body: parsed, headers: response.headers };
      const failure = errorOf(response.status, parsed, request);
      if (!RETRY_STATUSES.has(response.status)) throw failure;
      const asked = response.status === 429 || response.status === 503 ? retryAfterMs(response.headers.get('Retry-After')) : undefined;
      lastFailure = asked === undefined ? failure : new RetryLater(asked, response.status, { cause: failure });
    }
    throw lastFailure!;
  }
}

/** A 429 or 503 with Retry-After: `unavailable`, with the wait the server asked for. */
export class RetryLater extends UnavailableError {
  constructor(
    readonly waitMs: number,
    status: number,
    options?: ErrorOptions,
  ) {
    super(`The context store is busy (${status}): it asked to be tried again in ${Math.ceil(waitMs / 1000)} s`, options);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.trim() === '') {
    if (response.status === 204 || !response.ok) return undefined;
    throw new InvalidResponseError(`The context store answered ${response.status} with an empty body`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (!response.ok) return undefined;
    throw new InvalidResponseError(`The context store answered ${response.status} with a body that is not JSON`, { cause: error });
  }
}

/** The ContextError an error answer stands for: by its problem's code, else by its status. */
export function errorOf(status: number, body: unknown, request: Pick<ApiRequest, 'subject' | 'current'>): ContextError {
  const problem = z.safeParse(problemSchema, body);
  if (!problem.success) {
    if (status === 401) return new UnauthenticatedError(`The context store did not accept the credentials (${status})`);
    if (status === 403) return new ForbiddenError(`The context store refused access (${status})`);
    if (status === 413) return new InvalidInputError([{ path: '', message: 'The request is too large' }]);
    if (status === 414 || status === 431) return new InvalidInputError([{ path: 'query', message: 'The request is too long' }]);
    if (status === 429 || status >= 500) return new UnavailableError(`The context store cannot answer now (${status})`);
    return new InvalidResponseError(`The context store answered ${status} without an error description: is the address right?`);
  }
  const { code, detail = `The context store answered ${status}`, issues, current, kind, id } = problem.data;
  // Whatever code a server or a proxy in front of it gives, a 401 is about the credentials.
  if (status === 401) return new UnauthenticatedError(detail);
  switch (code) {
    case 'not-found':
      return new NotFoundError(request.subject?.kind ?? kind ?? 'object', request.subject?.id ?? id ?? '');
    case 'conflict':
      return new ConflictError(detail, current === undefined || !request.current ? current : parseResponse(request.current, current, 'a conflict'));
    case 'invalid-input':
      return new InvalidInputError(issues?.length ? issues : [{ path: '', message: detail }]);
    case 'forbidden':
      return new ForbiddenError(detail);
    case 'unauthenticated':
      return new UnauthenticatedError(detail);
    case 'invalid-response':
      return new InvalidResponseError(detail);
    case 'not-registered':
      return new NotRegisteredError(detail);
    default:
      // The server's own timeout, an abort on its side, or an outage: all mean it cannot answer now.
      return new UnavailableError(detail);
  }
}
