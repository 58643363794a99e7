/**
 * The fault harness: scheduled misbehaviour for tests, reachable only when the server is started
 * with faults enabled (`--faults`). Each rule matches requests by method and path prefix and
 * fires `times` times (default once), in the order the rules were scheduled.
 */
import * as z from 'zod/mini';

export const FAULT_KINDS = [
  /** Waits `ms` before handling the request. */
  'delay',
  /** Holds the request until its deadline has passed (however long the server gives it), then goes on as a late `delay` would. */
  'hang',
  /** Answers `status` (default 503) with a JSON error; 429 and 503 carry `Retry-After: retryAfter` seconds when given. */
  'status',
  /** Closes the connection without an answer, before handling the request. */
  'drop',
  /** Handles the request (a write commits), then closes the connection without an answer. */
  'drop-after',
  /** Answers 200 with a body that is not JSON. */
  'malformed',
  /** Events: waits `ms` before each event of the stream. */
  'sse-slow',
  /** Events: closes the connection after `afterEvents` events (default 0). */
  'sse-drop',
  /** Events: answers a resume (Last-Event-ID) with a gap, as if the changes had aged out of the replay window. */
  'sse-gap',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultRuleSchema = z.strictObject({
  kind: z.enum(FAULT_KINDS),
  method: z.optional(z.string().check(z.regex(/^[A-Za-z]+$/))),
  /** A path prefix such as /v1/customers; default every /v1 path. */
  path: z.optional(z.string().check(z.regex(/^\//))),
  times: z._default(z.int().check(z.minimum(1), z.maximum(1000)), 1),
  ms: z.optional(z.int().check(z.minimum(0), z.maximum(60_000))),
  status: z.optional(z.int().check(z.minimum(400), z.maximum(599))),
  retryAfter: z.optional(z.int().check(z.minimum(0), z.maximum(3600))),
  afterEvents: z.optional(z.int().check(z.minimum(0), z.maximum(10_000))),
});
export type FaultRule = z.output<typeof faultRuleSchema>;
/** A rule as a test writes it (defaults left out). */
export type FaultRuleInput = z.input<typeof faultRuleSchema>;

export const faultRequestSchema = z.strictObject({ faults: z.array(faultRuleSchema).check(z.maxLength(100)) });

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly idempotencyKey?: string;
  readonly replayed?: boolean;
  readonly lastEventId?: string;
  readonly fault?: FaultKind;
}

const SSE_KINDS: readonly FaultKind[] = ['sse-slow', 'sse-drop', 'sse-gap'];

export class FaultHarness {
  private rules: (FaultRule & { left: number })[] = [];
  private readonly requests: LoggedRequest[] = [];

  schedule(rules: readonly FaultRule[]): void {
    for (const rule of rules) this.rules.push({ ...rule, left: rule.times });
  }

  clear(): void {
    this.rules = [];
    this.requests.length = 0;
  }

  /** The first pending rule of one of `kinds` that matches the request; it is used up by one. */
  take(method: string, path: string, kinds: readonly FaultKind[]): FaultRule | undefined {
    const rule = this.rules.find(
      (candidate) =>
        candidate.left > 0 &&
        kinds.includes(candidate.kind) &&
        (candidate.method === undefined || candidate.method.toUpperCase() === method.toUpperCase()) &&
        path.startsWith(candidate.path ?? '/v1'),
    );
    if (!rule) return undefined;
    rule.left -= 1;
    this.rules = this.rules.filter((candidate) => candidate.left > 0);
    return rule;
  }

  /** A request's own faults, not the stream's. */
  takeRequestFault(method: string, path: string): FaultRule | undefined {
    return this.take(method, path, FAULT_KINDS.filter((kind) => !SSE_KINDS.includes(kind)));
  }

  record(entry: LoggedRequest): void {
    this.requests.push(entry);
    if (this.requests.length > 1000) this.requests.shift();
  }

  log(): readonly LoggedRequest[] {
    return [...this.requests];
  }
}
