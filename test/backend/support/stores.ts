import { BuiltInStore, type BuiltInStoreOptions } from '../../../src/backend/index.js';

/**
 * A way to open built-in stores of one's own, each in a database of its own (and its lab twin),
 * closed and deleted after every test of the file that calls this at its top level.
 */
export function builtInStores(prefix = 'test'): ((options?: BuiltInStoreOptions) => Promise<BuiltInStore>) & {
  /** Deletes a database the test made some other way (an outbox, an old schema's) after it, too. */
  deleteAfter(name: string): void;
} {
  const stores: BuiltInStore[] = [];
  const databases = new Set<string>();
  afterEach(async () => {
    for (const store of stores.splice(0)) store.close();
    for (const name of databases) await BuiltInStore.deleteDatabase(name);
    databases.clear();
  });
  const open = async (options: BuiltInStoreOptions = {}) => {
    const databaseName = options.databaseName ?? `${prefix}-${crypto.randomUUID()}`;
    databases.add(databaseName).add(`${databaseName}-lab`);
    // A generous deadline unless a test sets its own: a loaded machine must not time out a call that should succeed.
    const store = await BuiltInStore.open({ timeoutMs: 15_000, ...options, databaseName });
    stores.push(store);
    return store;
  };
  return Object.assign(open, { deleteAfter: (name: string) => void databases.add(name) });
}
