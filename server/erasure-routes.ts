/**
 * The routes of erasure and export (server/erasure.ts): `POST /v1/customers/{id}/erase`,
 * `GET /v1/customers/{id}/export` and `GET /v1/erasures`, each for admins only (server/authz.ts).
 */
import type { Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { CLOUDEVENT_BATCH_MEDIA_TYPE } from '../src/cloudevents/index.js';
import { customerRecordsToCloudEvents } from '../src/cloudevents/records.js';
import { InvalidInputError, parseOrThrow, type FieldSetRegistry } from '../src/model/index.js';
import type { Env } from './app.js';
import { allow } from './authz.js';
import type { Queryable } from './db.js';
import { customerData, eraseCustomer, exportFormatSchema, listErasures } from './erasure.js';
import { DeadlinePassed } from './hardening.js';
import { respond } from './problems.js';
import type { CallContext, Store } from './store.js';

export interface ErasureDeps {
  readonly store: Store;
  readonly callContext: (c: Context<Env>) => Promise<CallContext>;
  readonly jsonBody: (c: Context<Env>) => Promise<{ value: unknown }>;
  readonly tenantTransaction: <T>(c: Context<Env>, ctx: CallContext, work: (tx: Queryable, fieldSets: FieldSetRegistry) => Promise<T>) => Promise<T>;
}

/** An erasure takes no options: its body is empty or `{}`. */
const eraseBodySchema = z.optional(z.strictObject({}));

/** What an export is called on the caller's disk. */
export const EXPORT_FORMAT_NAME = 'customer-context-subject-access';
export const EXPORT_FORMAT_VERSION = 1;

function wholeNumber(text: string | undefined, path: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d{1,6}$/.test(text)) throw new InvalidInputError([{ path, message: 'Must be a whole number' }]);
  return Number(text);
}

export function erasureRoutes(app: Hono<Env>, deps: ErasureDeps): void {
  const { store } = deps;

  app.post('/v1/customers/:id/erase', allow('customers.erase'), async (c) => {
    const ctx = await deps.callContext(c);
    parseOrThrow(eraseBodySchema, (await deps.jsonBody(c)).value);
    const customerId = c.req.param('id');
    const { record, created } = await deps.tenantTransaction(c, ctx, async (tx) => {
      const outcome = await eraseCustomer(tx, ctx, store, customerId, c.get('principal').id);
      // The client was told to try again: this try must leave nothing behind.
      if (c.get('deadline')?.aborted) throw new DeadlinePassed();
      return outcome;
    });
    return respond(c, { status: created ? 201 : 200, body: { ...record, customerId, alreadyErased: !created } }, { 'Cache-Control': 'no-store' });
  });

  app.get('/v1/customers/:id/export', allow('customers.export'), async (c) => {
    const ctx = await deps.callContext(c);
    const format = parseOrThrow(exportFormatSchema, c.req.query('format'), 'format');
    const customerId = c.req.param('id');
    const data = await deps.tenantTransaction(c, ctx, (tx) => customerData(tx, ctx, store, customerId));
    // A subject-access export holds everything, sensitive values too: the route is for admins only.
    c.set('visible', (body) => body);
    const headers = { 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="customer-${customerId}.${format === 'json' ? 'json' : 'cloudevents.json'}"` };
    if (format === 'cloudevents') {
      const events = customerRecordsToCloudEvents(data, { source: '/customer-context/export' });
      return respond(c, { status: 200, body: events }, { ...headers, 'Content-Type': CLOUDEVENT_BATCH_MEDIA_TYPE });
    }
    const body = { format: EXPORT_FORMAT_NAME, version: EXPORT_FORMAT_VERSION, exportedAt: new Date().toISOString(), ...data };
    return respond(c, { status: 200, body }, headers);
  });

  app.get('/v1/erasures', allow('erasures.read'), async (c) => {
    const ctx = await deps.callContext(c);
    const customerId = c.req.query('customerId');
    const query = { limit: wholeNumber(c.req.query('limit'), 'limit'), ...(customerId === undefined ? {} : { customerId }) };
    const erasures = await deps.tenantTransaction(c, ctx, (tx) => listErasures(tx, ctx, store, query));
    return respond(c, { status: 200, body: { erasures } }, { 'Cache-Control': 'no-store' });
  });
}
