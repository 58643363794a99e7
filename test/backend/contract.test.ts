import { runAdapterContract } from '../../src/backend/contract.js';
import { BuiltInStore } from '../../src/backend/idb-store.js';

// The built-in store must keep the same contract as any third-party adapter: each case gets its
// own database, deleted afterwards, so cases cannot see each other's data.
runAdapterContract({
  name: 'built-in store',
  create: (settings) => BuiltInStore.open({ ...settings, databaseName: `contract-${crypto.randomUUID()}` }),
  setFault: (backend, fault) => {
    (backend as BuiltInStore).fault = fault;
  },
  dispose: async (backend) => {
    const store = backend as BuiltInStore;
    store.close();
    await BuiltInStore.deleteDatabase(store.databaseName);
  },
});
