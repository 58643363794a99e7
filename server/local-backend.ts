/**
 * The store as a `ContextBackend` inside the server process, for one tenant and partition: what the demo
 * seed (src/demo/journey.ts) writes through, so the seeded journey is exactly the demo's.
 */
import type { ActivityChange, BackendStatus, ContextBackend, ListActivitiesQuery, Unsubscribe } from '../src/backend/adapter.js';
import type { CallContext, Store } from './store.js';
import type { Queryable } from './db.js';
import type { ChangeHub } from './hub.js';

export function localBackend(store: Store, hub: ChangeHub, ctx: CallContext): ContextBackend {
  // Each operation in a transaction of its own, as the tenant of `ctx`.
  const run = <T>(work: (tx: Queryable) => Promise<T>) => store.transaction(ctx, work);
  return {
    findCustomers: (query, options) => run((tx) => store.findCustomers(tx, ctx, { query, limit: options?.limit })),
    getCustomer: (id) => run((tx) => store.getCustomer(tx, ctx, id)),
    createCustomer: (input) => run((tx) => store.createCustomer(tx, ctx, input)),
    updateCustomer: (id, patch) => run((tx) => store.updateCustomer(tx, ctx, id, patch)),
    deleteCustomer: (id) => run((tx) => store.deleteCustomer(tx, ctx, id)),
    listActivities: (customerId, query: ListActivitiesQuery = {}) => run((tx) => store.listActivities(tx, ctx, customerId, query)),
    getActivity: (id) => run((tx) => store.getActivity(tx, ctx, id)),
    createActivity: (input) => run((tx) => store.createActivity(tx, ctx, input)),
    updateActivity: (id, patch) => run((tx) => store.updateActivity(tx, ctx, id, patch)),
    deleteActivity: (id) => run((tx) => store.deleteActivity(tx, ctx, id)),
    getRequest: (id) => run((tx) => store.getRequest(tx, ctx, id)),
    createRequest: (input) => run((tx) => store.createRequest(tx, ctx, input)),
    listRequests: (customerId) => run((tx) => store.listRequests(tx, ctx, customerId)),
    subscribe(customerId: string, listener: (change: ActivityChange) => void): Unsubscribe {
      const subscriber = {
        tenant: ctx.tenant,
        lab: ctx.lab,
        customers: new Set([customerId]),
        offer: ({ kind, customerId: owner, activityId, activity }: ActivityChange) =>
          listener({ kind, customerId: owner, activityId, ...(activity ? { activity } : {}) }),
      };
      hub.add(subscriber);
      return () => hub.remove(subscriber);
    },
    async status(): Promise<BackendStatus> {
      const started = performance.now();
      let reachable = true;
      await store.transaction(ctx, (tx) => store.head(tx)).catch(() => (reachable = false));
      return { reachable, latencyMs: performance.now() - started, labMode: ctx.lab, backend: 'Reference server store', operations: {} };
    },
    close() {},
  };
}
