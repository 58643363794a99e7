import * as z from 'zod/mini';
import {
  InvalidInputError,
  UnavailableError,
  AbortedError,
  InvalidResponseError,
  activityInputSchema,
  activityPatchSchema,
  activitySchema,
  customerInputSchema,
  customerPatchSchema,
  customerSchema,
  idSchema,
  loadPhoneNormaliser,
  parseOrThrow,
  parseOrganisationFieldSets,
  requestInputSchema,
  requestSchema,
  type Activity,
  type ActivityInput,
  type ActivityPatch,
  type Customer,
  type CustomerInput,
  type CustomerPatch,
  type Request,
  type RequestInput,
  assertIdText,
} from '../model/index.js';
import type {
  ActivityChange,
  ActivityPage,
  BackendIdentity,
  BackendStatus,
  ContextBackend,
  CustomerMatch,
  CustomerMerging,
  FindCustomersOptions,
  ListActivitiesQuery,
  OperationName,
  OperationOptions,
  RevealedField,
  RevealFieldOptions,
  SensitiveFieldGuard,
  UnmatchedEvents,
  Unsubscribe,
  VersionedFieldSets,
} from './adapter.js';
import { lazyMerging } from './adapter.js';
import { CustomerEventStream } from './http-events.js';
import type { HttpBackendOptions, HttpOperationOptions } from './http-options.js';
import { HttpTransport, parseResponse, type ApiRequest } from './http-transport.js';
import {
  FIELD_ID,
  assertDataElementLengths,
  baseUrlSchema,
  findSchema,
  identitySchema,
  listQuerySchema,
  matchesSchema,
  pageSchema,
  requestsSchema,
  revealedSchema,
  statusSchema,
  versionedFieldSetsSchema,
} from './http-schemas.js';
import { OperationRunner, TIMEOUT_RANGE, resolveBackendSettings, timeoutSchema, toContextError, type Fault, type ResolvedBackendSettings } from './operation.js';

export { HTTP_HEADERS, RetryLater, type RetryPolicy } from './http-transport.js';
export { ChangeFeedReset, readEvents, type ServerSentEvent } from './http-events.js';
export type { HttpBackendOptions, HttpOperationOptions } from './http-options.js';

/**
 * `ContextBackend` over the Customer Context REST API (docs/openapi.yaml): the reference server
 * in server/, or any backend that speaks the API. Every answer is checked with the model's zod
 * schemas (anything else is an `invalid-response` error); calls run under the same deadlines,
 * statistics and simulated faults as the built-in store; GETs and writes with an Idempotency-Key
 * are retried after transient failures; live changes come over Server-Sent Events read with
 * fetch, so that the Authorization header can be sent.
 */
export class HttpBackend implements ContextBackend, SensitiveFieldGuard {
  readonly settings: ResolvedBackendSettings;
  readonly baseUrl: string;
  private readonly runner: OperationRunner;
  private readonly transport: HttpTransport;
  private readonly streams = new Map<string, CustomerEventStream>();
  private closed = false;

  private constructor(
    settings: ResolvedBackendSettings,
    private readonly options: HttpBackendOptions,
  ) {
    this.settings = settings;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.runner = new OperationRunner(() => this.settings.timeoutMs);
    this.transport = new HttpTransport({
      baseUrl: this.baseUrl,
      labMode: settings.labMode,
      region: settings.defaultRegion,
      ...(options.token === undefined ? {} : { token: options.token }),
      ...(options.authorization === undefined ? {} : { authorization: options.authorization }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
  }

  /** Checks the settings (and loads the phone region's metadata); makes no request. */
  static async connect(options: HttpBackendOptions): Promise<HttpBackend> {
    const { baseUrl, token: _token, authorization: _authorization, retry: _retry, idempotentWrites: _writes, events: _events, fetch: _fetch, ...backend } = options;
    const settings = resolveBackendSettings(backend);
    parseOrThrow(baseUrlSchema, baseUrl, 'baseUrl');
    try {
      await loadPhoneNormaliser(settings.defaultRegion);
    } catch (error) {
      if (error instanceof RangeError) throw new InvalidInputError([{ path: 'defaultRegion', message: error.message }]);
      throw toContextError(error);
    }
    return new HttpBackend(settings, options);
  }

  /** Simulated fault ('none' | 'stall' | 'unavailable'), as the built-in store's: no request is made while one is on. */
  get fault(): Fault {
    return this.runner.fault;
  }

  set fault(fault: Fault) {
    this.runner.fault = fault;
  }

  /** The newest change number the server has told of; a new subscription resumes from it. */
  get lastSeq(): number | undefined {
    return this.transport.lastSeq;
  }

  // ---- sensitive fields: the server masks them in every answer and reveals one on request

  /**
   * Asks the server to record the reveal of one field and answer its value; refused
   * (`forbidden`) unless the caller's role may reveal. Sent once: a reveal is not retried.
   * Counted with createActivity, whose write it is.
   */
  revealField(customerId: string, fieldId: string, options?: RevealFieldOptions): Promise<RevealedField> {
    return this.call('createActivity', options, async (request) => {
      assertIdText(customerId, 'customer');
      if (typeof fieldId !== 'string' || !FIELD_ID.test(fieldId)) throw new InvalidInputError([{ path: 'field', message: 'Must name a field' }]);
      if (options?.activityId !== undefined) assertIdText(options.activityId, 'activity');
      const body = await request({
        method: 'POST',
        path: `/v1/customers/${encodeURIComponent(customerId)}/reveal`,
        body: { field: fieldId, ...(options?.activityId === undefined ? {} : { activityId: options.activityId }) },
        subject: { kind: 'customer', id: customerId },
      });
      const answer = parseResponse(revealedSchema, body, 'a revealed field');
      return { value: answer.value, auditActivityId: answer.auditActivityId };
    });
  }

  private identityAnswer: Promise<BackendIdentity> | undefined;

  /**
   * Who the server takes this adapter's caller for (asked once, again after a failure). Counted
   * with status. Every caller waits for the same question, so none of their signals ends it for
   * the others: a caller that gives up stops waiting, the question goes on.
   */
  identity({ signal, ...shared }: OperationOptions = {}): Promise<BackendIdentity> {
    this.identityAnswer ??= this.call('status', shared, async (request) => {
      const { id, name, roles, canReveal } = parseResponse(identitySchema, await request({ method: 'GET', path: '/v1/me' }), 'an identity');
      return { id, name, roles, canReveal };
    });
    const answer = this.identityAnswer;
    answer.catch(() => {
      if (this.identityAnswer === answer) this.identityAnswer = undefined;
    });
    return signal
      ? Promise.race([
          answer,
          new Promise<never>((_, reject) => {
            const stop = () => reject(new AbortedError('identity', { cause: signal.reason }));
            if (signal.aborted) stop();
            else signal.addEventListener('abort', stop, { once: true });
          }),
        ])
      : answer;
  }

  // ---- customers

  findCustomers(query: string, options?: FindCustomersOptions): Promise<readonly CustomerMatch[]> {
    return this.call('findCustomers', options, async (request) => {
      if (typeof query !== 'string') throw new InvalidInputError([{ path: 'query', message: 'Must be text' }]);
      const checked = parseOrThrow(findSchema, { query, ...(options?.limit === undefined ? {} : { limit: options.limit }) });
      if (!checked.query.trim()) return [];
      const body = await request({
        method: 'GET',
        path: '/v1/customers',
        query: { q: checked.query, ...(checked.limit === undefined ? {} : { limit: String(checked.limit) }) },
      });
      return parseResponse(matchesSchema, body, 'a lookup').matches;
    });
  }

  getCustomer(id: string, options?: OperationOptions): Promise<Customer> {
    return this.call('getCustomer', options, async (request) => {
      assertIdText(id, 'customer');
      const body = await request({ method: 'GET', path: `/v1/customers/${encodeURIComponent(id)}`, subject: { kind: 'customer', id } });
      return parseResponse(customerSchema, body, 'a customer');
    });
  }

  createCustomer(input: CustomerInput, options?: HttpOperationOptions): Promise<Customer> {
    return this.call('createCustomer', options, async (request) => {
      parseOrThrow(customerInputSchema, input);
      assertDataElementLengths(input);
      const body = await request({ method: 'POST', path: '/v1/customers', body: input, current: customerSchema, ...this.key(options) });
      return parseResponse(customerSchema, body, 'a new customer');
    });
  }

  updateCustomer(id: string, patch: CustomerPatch, options?: HttpOperationOptions): Promise<Customer> {
    return this.call('updateCustomer', options, async (request) => {
      assertIdText(id, 'customer');
      parseOrThrow(customerPatchSchema, patch);
      assertDataElementLengths(patch);
      const body = await request({
        method: 'PATCH',
        path: `/v1/customers/${encodeURIComponent(id)}`,
        body: patch,
        subject: { kind: 'customer', id },
        current: customerSchema,
        ...this.key(options),
      });
      return parseResponse(customerSchema, body, 'an updated customer');
    });
  }

  deleteCustomer(id: string, options?: HttpOperationOptions): Promise<void> {
    return this.call('deleteCustomer', options, async (request) => {
      assertIdText(id, 'customer');
      await request({ method: 'DELETE', path: `/v1/customers/${encodeURIComponent(id)}`, subject: { kind: 'customer', id }, ...this.key(options) });
    });
  }

  // ---- identities and merges (docs/server.md: POST and DELETE …/identities, POST …/merge)

  /** Identities and merges (`CustomerMerging`) over their routes, loaded on first use (merges/http.ts). */
  get customerMerging(): CustomerMerging {
    return lazyMerging(async () => (await import('./merges/http.js')).httpMerging((name, options, work) => this.call(name, options, work), (options) => this.key(options)));
  }

  /**
   * The events the server could not match to a customer (`UnmatchedEvents`), loaded on first use
   * (unmatched/http.ts). Written out here rather than as a shared helper beside `lazyMerging`, so
   * that only sessions on a shared backend carry it.
   */
  get unmatchedEvents(): UnmatchedEvents {
    const load = async () => (await import('./unmatched/http.js')).httpUnmatched((name, options, work) => this.call(name, options, work), (options) => this.key(options));
    return {
      listUnmatched: async (options) => (await load()).listUnmatched(options),
      attachUnmatched: async (attachment, options) => (await load()).attachUnmatched(attachment, options),
    };
  }

  // ---- activities

  listActivities(customerId: string, query: ListActivitiesQuery = {}, options?: OperationOptions): Promise<ActivityPage> {
    return this.call('listActivities', options, async (request) => {
      if (typeof customerId !== 'string') throw new InvalidInputError([{ path: 'customerId', message: 'Must be text' }]);
      const { cursor, pageSize, mediaTypes, since, until, text } = parseOrThrow(listQuerySchema, query);
      // An id that cannot be stored has no activities (and must not become another path).
      if (!z.safeParse(idSchema, customerId).success) return { activities: [] };
      const body = await request({
        method: 'GET',
        path: `/v1/customers/${encodeURIComponent(customerId)}/activities`,
        query: {
          cursor,
          pageSize: pageSize === undefined ? undefined : String(pageSize),
          mediaTypes: mediaTypes?.length ? mediaTypes.join(',') : undefined,
          since,
          until,
          text,
        },
      });
      const page = parseResponse(pageSchema, body, 'a page of activities');
      return page.nextCursor === undefined ? { activities: page.activities } : page;
    });
  }

  getActivity(id: string, options?: OperationOptions): Promise<Activity> {
    return this.call('getActivity', options, async (request) => {
      assertIdText(id, 'activity');
      const body = await request({ method: 'GET', path: `/v1/activities/${encodeURIComponent(id)}`, subject: { kind: 'activity', id } });
      return parseResponse(activitySchema, body, 'an activity');
    });
  }

  createActivity(input: ActivityInput, options?: HttpOperationOptions): Promise<Activity> {
    return this.call('createActivity', options, async (request) => {
      parseOrThrow(activityInputSchema, input);
      assertDataElementLengths(input);
      const body = await request({ method: 'POST', path: '/v1/activities', body: input, current: activitySchema, ...this.key(options) });
      return parseResponse(activitySchema, body, 'a new activity');
    });
  }

  updateActivity(id: string, patch: ActivityPatch, options?: HttpOperationOptions): Promise<Activity> {
    return this.call('updateActivity', options, async (request) => {
      assertIdText(id, 'activity');
      parseOrThrow(activityPatchSchema, patch);
      assertDataElementLengths(patch);
      const body = await request({
        method: 'PATCH',
        path: `/v1/activities/${encodeURIComponent(id)}`,
        body: patch,
        subject: { kind: 'activity', id },
        current: activitySchema,
        ...this.key(options),
      });
      return parseResponse(activitySchema, body, 'an updated activity');
    });
  }

  deleteActivity(id: string, options?: HttpOperationOptions): Promise<void> {
    return this.call('deleteActivity', options, async (request) => {
      assertIdText(id, 'activity');
      await request({ method: 'DELETE', path: `/v1/activities/${encodeURIComponent(id)}`, subject: { kind: 'activity', id }, ...this.key(options) });
    });
  }

  // ---- requests

  getRequest(id: string, options?: OperationOptions): Promise<Request> {
    return this.call('getRequest', options, async (request) => {
      assertIdText(id, 'request');
      const body = await request({ method: 'GET', path: `/v1/requests/${encodeURIComponent(id)}`, subject: { kind: 'request', id } });
      return parseResponse(requestSchema, body, 'a request');
    });
  }

  createRequest(input: RequestInput, options?: HttpOperationOptions): Promise<Request> {
    return this.call('createRequest', options, async (request) => {
      parseOrThrow(requestInputSchema, input);
      assertDataElementLengths(input);
      const body = await request({ method: 'POST', path: '/v1/requests', body: input, current: requestSchema, ...this.key(options) });
      return parseResponse(requestSchema, body, 'a new request');
    });
  }

  listRequests(customerId: string, options?: OperationOptions): Promise<readonly Request[]> {
    return this.call('listRequests', options, async (request) => {
      if (typeof customerId !== 'string') throw new InvalidInputError([{ path: 'customerId', message: 'Must be text' }]);
      if (!z.safeParse(idSchema, customerId).success) return [];
      const body = await request({ method: 'GET', path: `/v1/customers/${encodeURIComponent(customerId)}/requests` });
      return parseResponse(requestsSchema, body, 'a list of requests').requests;
    });
  }

  // ---- the organisation's field sets

  /** The organisation's field sets the server checks writes against (GET /v1/field-sets), checked as the gadget checks a `field-sets-url`. */
  organisationFieldSets(options?: OperationOptions): Promise<VersionedFieldSets> {
    return this.call('organisationFieldSets', options, async (request) => {
      const body = parseResponse(versionedFieldSetsSchema, await request({ method: 'GET', path: '/v1/field-sets' }), 'field sets');
      try {
        parseOrganisationFieldSets({ fieldSets: body.fieldSets });
      } catch (error) {
        throw new InvalidResponseError(`The server's field sets are not valid: ${(error as Error).message}`);
      }
      return body;
    });
  }

  // ---- changes

  subscribe(customerId: string, listener: (change: ActivityChange) => void): Unsubscribe {
    if (this.closed) return () => {};
    let stream = this.streams.get(customerId);
    if (!stream) {
      stream = new CustomerEventStream(this.transport, customerId, this.options.events);
      this.streams.set(customerId, stream);
    }
    const entry = (change: ActivityChange) => listener(change);
    stream.listeners.add(entry);
    const owner = stream;
    return () => {
      owner.listeners.delete(entry);
      if (owner.listeners.size || this.streams.get(customerId) !== owner) return;
      this.streams.delete(customerId);
      owner.stop();
    };
  }

  /** The live stream of a customer, while someone listens (for diagnostics and tests). */
  eventStream(customerId: string): CustomerEventStream | undefined {
    return this.streams.get(customerId);
  }

  // ---- status and lifecycle

  async status(options?: OperationOptions): Promise<BackendStatus> {
    const started = performance.now();
    let reachable = true;
    let labMode = this.settings.labMode;
    try {
      const answer = await this.call('status', options, async (request) => parseResponse(statusSchema, await request({ method: 'GET', path: '/v1/status' }), 'a status'));
      reachable = answer.reachable;
      labMode = answer.labMode;
    } catch (error) {
      if (error instanceof AbortedError) throw error;
      reachable = false;
    }
    return {
      reachable,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
      labMode,
      backend: `HTTP ${this.baseUrl}`,
      operations: this.runner.stats(),
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.streams.values()) stream.stop();
    this.streams.clear();
  }

  // ---- internals

  private key(options: HttpOperationOptions | undefined): { idempotencyKey?: string } {
    if (options?.idempotencyKey !== undefined) return { idempotencyKey: options.idempotencyKey };
    return this.options.idempotentWrites === false ? {} : { idempotencyKey: crypto.randomUUID() };
  }

  /** Runs one operation under the runner: `request` sends within its deadline and returns the answer's JSON. */
  private call<T>(
    name: OperationName,
    options: OperationOptions | undefined,
    work: (request: (spec: Omit<ApiRequest, 'deadline' | 'signal'>) => Promise<unknown>) => Promise<T>,
  ): Promise<T> {
    const timeoutMs =
      options?.timeoutMs === undefined || !z.safeParse(timeoutSchema, options.timeoutMs).success ? this.settings.timeoutMs : options.timeoutMs;
    const deadline = performance.now() + Math.min(timeoutMs, TIMEOUT_RANGE.max);
    return this.runner.run(name, options, async (signal) => {
      if (this.closed) throw new UnavailableError('This HTTP backend was closed');
      return work(async (spec) => (await this.transport.send({ ...spec, deadline, signal })).body);
    });
  }
}
