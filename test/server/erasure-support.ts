import { expect } from '@open-wc/testing';
import { ACTIVITY_EVENT_TYPE } from '../../src/cloudevents/index.js';
import { DEMO_FIELD_SETS, DEMO_RIDER_SET } from '../../src/demo/field-sets.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import type { Activity, Customer, Request } from '../../src/model/index.js';
import { connect, startServer, stopServer, type TestServer } from './http-support.js';
import { AUDIENCE, ISSUER, T0, bearer, claimsFor, makeIssuer, signToken, type TestIssuer } from './auth-support.js';

/**
 * The demo on a reference server with sign-in, and Morgan Ellis given everything a customer can
 * leave behind: a sensitive value, a request, activities (one updated), CloudEvents kept unmatched
 * naming their phone and email, one that became their activity, and stored Idempotency-Key answers.
 * Shared by test/server/erasure.test.ts and test/server/erasure-export.test.ts.
 */

export const MORGAN = DEMO_IDS.morgan;
export const JORDAN = DEMO_IDS.jordan;
export const MORGAN_DOB = '1991-02-03';
const STRUCTURED = 'application/cloudevents+json';

export type Who = 'agent' | 'supervisor' | 'admin' | 'ingest' | 'otherAdmin' | 'otherIngest';

export interface ErasureAnswer {
  id: string;
  customerId: string;
  customerDigest: string;
  erasedBy: string;
  erasedAt: string;
  alreadyErased: boolean;
  removed: Record<string, number>;
}

export interface JsonExport {
  format: string;
  customer: Customer;
  requests: Request[];
  activities: Activity[];
  unmatchedEvents: { received: string; event: Record<string, unknown> }[];
}

export async function ok<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text.slice(0, 400)).to.equal(status);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface MorganFixture {
  readonly server: TestServer;
  readonly headers: Record<Who, Record<string, string>>;
  call(who: Who, method: string, path: string, body?: unknown, extra?: Record<string, string>): Promise<Response>;
}

/** Registers the hooks that give each test its own server with Morgan on it (PGlite, or the PostgreSQL of DATABASE_URL). */
export function morganOnAServer(postgres: boolean): MorganFixture {
  let issuer: TestIssuer;
  let server: TestServer;
  const headers = {} as Record<Who, Record<string, string>>;

  async function call(who: Who, method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Response> {
    return fetch(`${server.url}${path}`, {
      method,
      headers: { ...headers[who], ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...extra },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  }

  const ingest = (event: Record<string, unknown>) => call('admin', 'POST', '/v1/cloudevents', event, { 'Content-Type': STRUCTURED });

  const smsEvent = (id: string, extra: Record<string, unknown>) => ({
    specversion: '1.0',
    id,
    source: 'urn:cumulus:sms',
    type: ACTIVITY_EVENT_TYPE,
    time: '2026-11-20T10:00:00Z',
    datacontenttype: 'application/json',
    mediatype: 'sms',
    data: { title: 'Is my bike ready?', message: 'Text from a rider' },
    ...extra,
  });

  before(async () => {
    issuer = await makeIssuer('ES256', 'erasure-es');
  });

  beforeEach(async () => {
    server = await startServer({
      clockAt: T0,
      postgres,
      fieldSets: DEMO_FIELD_SETS,
      auth: { jwt: { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [issuer.jwk] }, claims: { tenant: 'tid', roles: 'realm_access.roles' } } },
    });
    headers.agent = bearer(await signToken(issuer, claimsFor(['agent'], 'cumulus', 'Alex Agent'), { sub: 'alex' }));
    headers.supervisor = bearer(await signToken(issuer, claimsFor(['supervisor', 'agent'], 'cumulus', 'Sam Supervisor'), { sub: 'sam' }));
    headers.admin = bearer(await signToken(issuer, claimsFor(['admin'], 'cumulus', 'Ada Admin'), { sub: 'ada' }));
    headers.ingest = bearer(await signToken(issuer, claimsFor(['ingest'], 'cumulus', 'IVR'), { sub: 'ivr-a' }));
    headers.otherAdmin = bearer(await signToken(issuer, claimsFor(['admin'], 'tenant-b', 'Bo Admin'), { sub: 'bo' }));
    headers.otherIngest = bearer(await signToken(issuer, claimsFor(['ingest'], 'tenant-b', 'IVR'), { sub: 'ivr' }));

    // Texts that came in before Morgan was known: kept unmatched, naming Morgan's phone (as typed) and email.
    await ok(await ingest(smsEvent('sms-phone', { customerphone: '(650) 555-0199' })), 202);
    await ok(await ingest(smsEvent('sms-email', { customeremail: 'MORGAN.ELLIS@example.org' })), 202);
    await ok(await ingest(smsEvent('sms-stranger', { customerphone: '+1 408 555 0100' })), 202);

    // The demo, written through the HTTP adapter: every write carries an Idempotency-Key, so stored answers hold Morgan's record.
    const backend = await connect(server, {}, { token: () => headers.admin.Authorization!.slice('Bearer '.length) });
    try {
      await seedDemoJourney(backend);
      const morgan = await backend.getCustomer(MORGAN);
      await backend.updateCustomer(MORGAN, { expectedVersion: morgan.version, fieldsets: [...morgan.fieldsets, DEMO_RIDER_SET], dataElements: { Date_Of_Birth: MORGAN_DOB } });
      const request = await backend.createRequest({ customerId: MORGAN, dataElements: { Context_Title: 'Morgan Ellis: brake recall' } });
      const call1 = await backend.createActivity({ customerId: MORGAN, requestId: request.id, mediaType: 'voice', title: 'Morgan called about the recall', message: 'Call me on 650 555 0199' });
      await backend.updateActivity(call1.id, { expectedVersion: call1.version, message: 'Called back: morgan.ellis@example.org' });
      await backend.createActivity({ customerId: MORGAN, mediaType: 'chat', title: 'Chat about a loan bike' });
    } finally {
      backend.close();
    }
    // An event that named Morgan once Morgan was known: it became an activity of theirs.
    await ok(await ingest(smsEvent('sms-known', { subject: MORGAN })), 201);
    await ok(await ingest(smsEvent('sms-jordan', { subject: JORDAN })), 201);
  });

  afterEach(async () => {
    await stopServer(server);
  });

  return {
    get server() {
      return server;
    },
    headers,
    call,
  };
}
