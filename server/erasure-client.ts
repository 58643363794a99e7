/**
 * Erases or exports one customer on a context service over HTTP: what `npm run erase` and
 * `npm run export` run, and what any script may call. Like the ingest client
 * (server/ingest-client.ts) it sends a whole Authorization value (an admin's token or API key) and
 * runs wherever `fetch` does; an answer the service cannot give now (429, 503, no connection) is
 * asked again after a pause, which is safe because an erasure of an erased customer answers the
 * first erasure's record.
 */
import * as z from 'zod/mini';
import { parseCloudEventBatch, type CloudEvent } from '../src/cloudevents/index.js';
import { recordsFromCloudEvents } from '../src/cloudevents/records.js';

export interface AdminCallOptions {
  /** The service's address, such as https://context.example.com. */
  readonly url: string;
  /** The whole Authorization value (`Bearer <token>`; the caller must be an admin). */
  readonly authorization?: string;
  /** Further headers (the lab partition, `Context-Lab-Mode: true`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Tries before giving up on a service that answers 429 or 503 or cannot be reached (default 4). */
  readonly tries?: number;
  /** First pause before asking again, in ms (doubles each time; a Retry-After wins). */
  readonly retryMs?: number;
  readonly signal?: AbortSignal;
  readonly fetch?: typeof fetch;
}

const countSchema = z.int().check(z.minimum(0));

/** The service's answer to an erasure: its audit record, the id asked for, and whether it was erased before. */
export const erasureAnswerSchema = z.strictObject({
  id: z.string(),
  customerId: z.string(),
  customerDigest: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  erasedBy: z.string(),
  erasedAt: z.string(),
  alreadyErased: z.boolean(),
  removed: z.strictObject({
    customers: countSchema,
    identities: countSchema,
    requests: countSchema,
    activities: countSchema,
    ingestedEvents: countSchema,
    storedAnswers: countSchema,
    changes: countSchema,
  }),
});
export type ErasureAnswer = z.infer<typeof erasureAnswerSchema>;

/** What a JSON export holds at its top level (the records are checked by the service's own schemas). */
const jsonExportSchema = z.looseObject({
  format: z.literal('customer-context-subject-access'),
  version: z.literal(1),
  exportedAt: z.string(),
  customer: z.looseObject({ id: z.string() }),
  requests: z.array(z.unknown()),
  activities: z.array(z.unknown()),
  unmatchedEvents: z.array(z.unknown()),
});
export type JsonExport = z.infer<typeof jsonExportSchema>;

const problemSchema = z.looseObject({ code: z.optional(z.string()), detail: z.optional(z.string()) });

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/** Sends one request, asking again while the service is busy; answers the JSON of a 2xx, or throws saying why not. */
async function send(options: AdminCallOptions, method: string, path: string, body?: unknown): Promise<{ status: number; value: unknown }> {
  const call = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const endpoint = `${options.url.replace(/\/+$/, '')}${path}`;
  const tries = options.tries ?? 4;
  let pause = options.retryMs ?? 500;
  for (let attempt = 1; ; attempt += 1) {
    let response: Response | undefined;
    try {
      response = await call(endpoint, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(options.authorization ? { Authorization: options.authorization } : {}),
          ...options.headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (options.signal?.aborted || attempt >= tries) throw new Error(`The service at ${options.url} cannot be reached: ${(error as Error).message}`);
    }
    if (response?.ok) {
      const text = await response.text();
      try {
        return { status: response.status, value: JSON.parse(text) as unknown };
      } catch {
        throw new Error(`The service answered ${response.status} with something that is not JSON: is ${options.url} a context service?`);
      }
    }
    if (response && response.status !== 429 && response.status !== 503) {
      const problem = z.safeParse(problemSchema, await response.json().catch(() => undefined));
      const why = problem.success ? [problem.data.code, problem.data.detail].filter(Boolean).join(': ') : '';
      throw new Error(`The service refused (${response.status})${why ? `: ${why}` : ''}`);
    }
    if (attempt >= tries) throw new Error(`The service at ${options.url} kept answering ${response?.status ?? 'nothing'}`);
    const retryAfter = Number(response?.headers.get('Retry-After'));
    await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : pause, options.signal);
    pause *= 2;
  }
}

/** Erases the customer (an admin's call); answers the audit record, also for a customer erased before. */
export async function eraseCustomerAt(customerId: string, options: AdminCallOptions): Promise<ErasureAnswer> {
  const { value } = await send(options, 'POST', `/v1/customers/${encodeURIComponent(customerId)}/erase`, {});
  const parsed = z.safeParse(erasureAnswerSchema, value);
  if (!parsed.success) throw new Error(`The service's answer is not an erasure record: ${parsed.error.message}`);
  return parsed.data;
}

/** Everything the service holds about the customer, as its JSON export or as a batch of CloudEvents (checked with the library's readers). */
export async function exportCustomerFrom(customerId: string, format: 'json', options: AdminCallOptions): Promise<JsonExport>;
export async function exportCustomerFrom(customerId: string, format: 'cloudevents', options: AdminCallOptions): Promise<CloudEvent[]>;
export async function exportCustomerFrom(customerId: string, format: 'json' | 'cloudevents', options: AdminCallOptions): Promise<JsonExport | CloudEvent[]> {
  const { value } = await send(options, 'GET', `/v1/customers/${encodeURIComponent(customerId)}/export?format=${format}`);
  if (format === 'cloudevents') {
    recordsFromCloudEvents(value);
    return parseCloudEventBatch(value);
  }
  const parsed = z.safeParse(jsonExportSchema, value);
  if (!parsed.success) throw new Error(`The service's answer is not an export: ${parsed.error.message}`);
  return parsed.data;
}

/** The erasure as the CLI prints it: what went, counted, and the record that stays. */
export function erasureText(answer: ErasureAnswer): string {
  const { removed } = answer;
  const head = answer.alreadyErased
    ? `Customer ${answer.customerId} was erased before, on ${answer.erasedAt} by ${answer.erasedBy} (erasure ${answer.id}).`
    : `Customer ${answer.customerId} erased on ${answer.erasedAt} by ${answer.erasedBy} (erasure ${answer.id}).`;
  return [
    head,
    `  removed: ${removed.customers} customer, ${removed.identities} identities, ${removed.requests} requests, ${removed.activities} activities, ` +
      `${removed.ingestedEvents} ingested events, ${removed.storedAnswers} stored answers; ${removed.changes} change-feed entries emptied`,
  ].join('\n');
}
