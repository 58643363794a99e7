/**
 * The store as a `ContextBackend` inside the server process, for one partition: what the demo
 * seed (src/demo/journey.ts) writes through, so the seeded journey is exactly the demo's.
 */
import type { ActivityChange, BackendStatus, ContextBackend, ListActivitiesQuery, Unsubscribe } from '../src/backend/adapter.js';
import type { CallContext, Store } from './store.js';
import type { ChangeHub } from './hub.js';

export function localBackend(store: Store, hub: ChangeHub, ctx: CallContext): ContextBackend {
  const read = <T>(work: (tx: typeof store.db) => Promise<T>) => work(store.db);
  const write = <T>(work: Parameters<typeof store.db.transaction<T>>[0]) => store.db.transaction(work);
  return {
    findCustomers: (query, options) => read((tx) => store.findCustomers(tx, ctx, { query, limit: options?.limit })),
    getCustomer: (id) => read((tx) => store.getCustomer(tx, ctx, id)),
    createCustomer: (input) => write((tx) => store.createCustomer(tx, ctx, input)),
    updateCustomer: (id, patch) => write((tx) => store.updateCustomer(tx, ctx, id, patch)),
    deleteCustomer: (id) => write((tx) => store.deleteCustomer(tx, ctx, id)),
    listActivities: (customerId, query: ListActivitiesQuery = {}) => read((tx) => store.listActivities(tx, ctx, customerId, query)),
    getActivity: (id) => read((tx) => store.getActivity(tx, ctx, id)),
    createActivity: (input) => write((tx) => store.createActivity(tx, ctx, input)),
    updateActivity: (id, patch) => write((tx) => store.updateActivity(tx, ctx, id, patch)),
    deleteActivity: (id) => write((tx) => store.deleteActivity(tx, ctx, id)),
    getRequest: (id) => read((tx) => store.getRequest(tx, ctx, id)),
    createRequest: (input) => write((tx) => store.createRequest(tx, ctx, input)),
    listRequests: (customerId) => read((tx) => store.listRequests(tx, ctx, customerId)),
    subscribe(customerId: string, listener: (change: ActivityChange) => void): Unsubscribe {
      const subscriber = {
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
      await store.head().catch(() => (reachable = false));
      return { reachable, latencyMs: performance.now() - started, labMode: ctx.lab, backend: 'Reference server store', operations: {} };
    },
    close() {},
  };
}
