import * as z from 'zod/mini';
import {
  InvalidInputError,
  UnavailableError,
  AbortedError,
  InvalidResponseError,
  idSchema,
  loadPhoneNormaliser,
  parseOrThrow,
  parseOrganisationFieldSets,
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
  BackendSettings,
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
import { CustomerEventStream, type StreamOptions } from './http-events.js';
import { HttpTransport, parseResponse, type ApiRequest, type RetryPolicy } from './http-transport.js';
import { RECORDS, createRecord, deleteRecord, getRecord, updateRecord } from './http-records.js';
import {
  FIELD_ID,
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

export interface HttpBackendOptions extends BackendSettings {
  /** Where the API lives, without `/v1` (`https://context.example.com`). */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer …`; a function is asked before every request (for tokens that expire). */
  readonly token?: string | (() => string | undefined | Promise<string | undefined>);
  /**
   * A whole Authorization value, used when there is no token: `Basic base64(agentId:password)`
   * for a server that signs Finesse agents in with their own credentials (see
   * `finesseAuthorization`). A function is asked before every request.
   */
  readonly authorization?: string | (() => string | undefined | Promise<string | undefined>);
  /** Retries of idempotent calls (GETs, and writes with an Idempotency-Key). */
  readonly retry?: RetryPolicy;
  /**
   * Whether each write carries an Idempotency-Key of its own (a fresh one per call unless the
   * caller gives `idempotencyKey`), so that it can be retried safely. Default true; when false,
   * writes without a caller's key are sent at most once.
   */
  readonly idempotentWrites?: boolean;
  /** Reconnection and liveness of the live-change streams. */
  readonly events?: StreamOptions;
  /** Default the global fetch. */
  readonly fetch?: typeof fetch;
}

/** Options of one call; `idempotencyKey` makes a write safe to send again (the server applies it once). */
export interface HttpOperationOptions extends OperationOptions {
  readonly idempotencyKey?: string;
}

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
    return this.call('getCustomer', options, (send) => getRecord(send, RECORDS.customer, id));
  }

  createCustomer(input: CustomerInput, options?: HttpOperationOptions): Promise<Customer> {
    return this.call('createCustomer', options, (send) => createRecord(send, RECORDS.customer, input, this.key(options)));
  }

  updateCustomer(id: string, patch: CustomerPatch, options?: HttpOperationOptions): Promise<Customer> {
    return this.call('updateCustomer', options, (send) => updateRecord(send, RECORDS.customer, id, patch, this.key(options)));
  }

  deleteCustomer(id: string, options?: HttpOperationOptions): Promise<void> {
    return this.call('deleteCustomer', options, (send) => deleteRecord(send, RECORDS.customer, id, this.key(options)));
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
    return this.call('getActivity', options, (send) => getRecord(send, RECORDS.activity, id));
  }

  createActivity(input: ActivityInput, options?: HttpOperationOptions): Promise<Activity> {
    return this.call('createActivity', options, (send) => createRecord(send, RECORDS.activity, input, this.key(options)));
  }

  updateActivity(id: string, patch: ActivityPatch, options?: HttpOperationOptions): Promise<Activity> {
    return this.call('updateActivity', options, (send) => updateRecord(send, RECORDS.activity, id, patch, this.key(options)));
  }

  deleteActivity(id: string, options?: HttpOperationOptions): Promise<void> {
    return this.call('deleteActivity', options, (send) => deleteRecord(send, RECORDS.activity, id, this.key(options)));
  }

  // ---- requests

  getRequest(id: string, options?: OperationOptions): Promise<Request> {
    return this.call('getRequest', options, (send) => getRecord(send, RECORDS.request, id));
  }

  createRequest(input: RequestInput, options?: HttpOperationOptions): Promise<Request> {
    return this.call('createRequest', options, (send) => createRecord(send, RECORDS.request, input, this.key(options)));
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
