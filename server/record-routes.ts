/**
 * The routes of the records: customers (found, read and written, with their identities, merges and
 * the audited reveal), activities, requests, and the tenant's organisation field sets. Each runs
 * in the app's `read` or `write` (server/app.ts): one transaction as the caller's tenant, and a
 * write's answer kept for its Idempotency-Key.
 */
import type { Context, Hono } from 'hono';
import type { FieldSetRegistry } from '../src/model/index.js';
import { optionalNumber, type Env } from './app.js';
import { allow } from './authz.js';
import type { Queryable } from './db.js';
import { revealRoute } from './identity-routes.js';
import { addIdentity, customerOrMerged, identityFromPath, mergeCustomers, removeIdentity } from './merges.js';
import type { CallContext, Store } from './store.js';
import { visibleMatch } from './visibility.js';

export interface RecordDeps {
  readonly store: Store;
  readonly callContext: (c: Context<Env>) => Promise<CallContext>;
  readonly jsonBody: (c: Context<Env>) => Promise<{ value: unknown }>;
  /** Answers `work`'s result with the feed's head as it was before the read began. */
  readonly read: (c: Context<Env>, work: (tx: Queryable, ctx: CallContext, fieldSets: FieldSetRegistry) => Promise<unknown>) => Promise<Response>;
  /** Runs `work` on the request's body in one transaction, its answer kept for an Idempotency-Key. */
  readonly write: (c: Context<Env>, successStatus: number, work: (tx: Queryable, ctx: CallContext, body: unknown) => Promise<unknown>) => Promise<Response>;
}

export function recordRoutes(app: Hono<Env>, deps: RecordDeps): void {
  const { store, callContext, jsonBody, read, write } = deps;

  // ---- customers

  app.get('/v1/customers', allow('customers.find'), (c) =>
    read(c, async (tx, ctx, fieldSets) => {
      const matches = await store.findCustomers(tx, ctx, { query: c.req.query('q') ?? '', limit: optionalNumber(c.req.query('limit')) });
      // A search never finds a customer by a value its caller may not see.
      return { matches: matches.filter((match) => visibleMatch(match, fieldSets)) };
    }),
  );
  app.post('/v1/customers', allow('customers.create'), (c) => write(c, 201, (tx, ctx, body) => store.createCustomer(tx, ctx, body)));
  // A merged customer's id answers the customer it was merged into (server/merges.ts).
  app.get('/v1/customers/:id', allow('customers.read'), (c) => read(c, (tx, ctx) => customerOrMerged(tx, ctx, store, c.req.param('id'))));
  app.patch('/v1/customers/:id', allow('customers.update'), (c) => write(c, 200, (tx, ctx, body) => store.updateCustomer(tx, ctx, c.req.param('id'), body)));
  app.delete('/v1/customers/:id', allow('customers.delete'), (c) => write(c, 204, (tx, ctx) => store.deleteCustomer(tx, ctx, c.req.param('id'))));
  app.post('/v1/customers/:id/reveal', allow('customers.reveal'), (c) => revealRoute(c, store, callContext, jsonBody));
  app.post('/v1/customers/:id/identities', allow('customers.identities'), (c) => write(c, 200, (tx, ctx, body) => addIdentity(tx, ctx, store, c.req.param('id'), body)));
  app.delete('/v1/customers/:id/identities/:identity', allow('customers.identities'), (c) =>
    write(c, 200, (tx, ctx) => removeIdentity(tx, ctx, store, c.req.param('id'), identityFromPath(c.req.param('identity'), c.req.query('expectedVersion')))),
  );
  app.post('/v1/customers/:id/merge', allow('customers.merge'), (c) => {
    const principal = c.get('principal');
    return write(c, 200, (tx, ctx, body) => mergeCustomers(tx, ctx, store, c.req.param('id'), body, { type: 'user', id: principal.id, name: principal.name }));
  });
  app.get('/v1/customers/:id/activities', allow('activities.read'), (c) =>
    read(c, (tx, ctx) => {
      const mediaTypes = c.req.query('mediaTypes');
      return store.listActivities(tx, ctx, c.req.param('id'), {
        ...(c.req.query('cursor') !== undefined ? { cursor: c.req.query('cursor')! } : {}),
        ...(c.req.query('pageSize') !== undefined ? { pageSize: optionalNumber(c.req.query('pageSize'))! } : {}),
        ...(mediaTypes !== undefined ? { mediaTypes: mediaTypes.split(',').filter(Boolean) as never } : {}),
        ...(c.req.query('since') !== undefined ? { since: c.req.query('since')! } : {}),
        ...(c.req.query('until') !== undefined ? { until: c.req.query('until')! } : {}),
        ...(c.req.query('text') !== undefined ? { text: c.req.query('text')! } : {}),
      });
    }),
  );
  app.get('/v1/customers/:id/requests', allow('requests.read'), (c) => read(c, async (tx, ctx) => ({ requests: await store.listRequests(tx, ctx, c.req.param('id')) })));

  // ---- activities

  app.post('/v1/activities', allow('activities.create'), (c) => write(c, 201, (tx, ctx, body) => store.createActivity(tx, ctx, body)));
  app.get('/v1/activities/:id', allow('activities.read'), (c) => read(c, (tx, ctx) => store.getActivity(tx, ctx, c.req.param('id'))));
  app.patch('/v1/activities/:id', allow('activities.update'), (c) => write(c, 200, (tx, ctx, body) => store.updateActivity(tx, ctx, c.req.param('id'), body)));
  app.delete('/v1/activities/:id', allow('activities.delete'), (c) => write(c, 204, (tx, ctx) => store.deleteActivity(tx, ctx, c.req.param('id'))));

  // ---- requests

  app.post('/v1/requests', allow('requests.create'), (c) => write(c, 201, (tx, ctx, body) => store.createRequest(tx, ctx, body)));
  app.get('/v1/requests/:id', allow('requests.read'), (c) => read(c, (tx, ctx) => store.getRequest(tx, ctx, c.req.param('id'))));
  app.patch('/v1/requests/:id', allow('requests.update'), (c) => write(c, 200, (tx, ctx, body) => store.updateRequest(tx, ctx, c.req.param('id'), body)));
  app.delete('/v1/requests/:id', allow('requests.delete'), (c) => write(c, 204, (tx, ctx) => store.deleteRequest(tx, ctx, c.req.param('id'))));

  // ---- the tenant's organisation field sets

  app.get('/v1/field-sets', allow('field-sets.read'), (c) => read(c, (tx) => store.fieldSets.get(tx)));
  app.put('/v1/field-sets', allow('field-sets.write'), (c) => write(c, 200, (tx, _ctx, body) => store.fieldSets.put(tx, body)));
}
