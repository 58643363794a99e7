/**
 * The built-in store's side of export and import: reading one consistent snapshot of a partition,
 * and writing a checked import in one transaction (the file format and its checks are
 * transfer.ts). Loaded with transfer.ts on first use, inside the transactions `BuiltInStore`
 * opens for `exportData` and `importData`: the gadget never carries it.
 */
import { promisifyRequest } from 'idb-keyval';
import { InvalidInputError, type Activity, type Request } from '../model/index.js';
import { STORES, storedCustomer, type StoredCustomer, type StoredMerge } from './idb-schema.js';
import { now } from './record-rules.js';
import { EXPORT_FORMAT, EXPORT_VERSION, type ImportSummary, type StoreExport, type TransferOptions, type ValidatedImport } from './transfer.js';

/** The stores an export reads and an import writes. */
export const TRANSFER_SCOPE = [STORES.customers, STORES.requests, STORES.activities, STORES.merges];

/** Records per read of an export: 10,000 held another database's read for 0.6 s, 2,500 for 0.2 s, at the same speed. */
const EXPORT_BATCH = 2500;
/** Puts per batch of an import: see `writeInBatches`. */
const IMPORT_BATCH = 250;

/** The whole partition in the export format. Scope: `TRANSFER_SCOPE`, read only. */
export async function readExport(tx: IDBTransaction, options: TransferOptions): Promise<StoreExport> {
  const counts = await Promise.all(TRANSFER_SCOPE.map((name) => promisifyRequest(tx.objectStore(name).count())));
  const total = counts.reduce((sum, count) => sum + count, 0);
  let done = 0;
  options.onProgress?.({ phase: 'reading', done, total });
  const readAll = async <T>(name: string, keyOf: (record: T) => IDBValidKey): Promise<T[]> => {
    const store = tx.objectStore(name);
    const all: T[] = [];
    let range: IDBKeyRange | null = null;
    for (;;) {
      const batch = (await promisifyRequest(store.getAll(range, EXPORT_BATCH))) as T[];
      for (const record of batch) all.push(record);
      done += batch.length;
      options.onProgress?.({ phase: 'reading', done, total });
      if (batch.length < EXPORT_BATCH) return all;
      range = IDBKeyRange.lowerBound(keyOf(batch.at(-1)!), true);
    }
  };
  const customers = (await readAll<StoredCustomer>(STORES.customers, (stored) => stored.customer.id)).map((stored) => stored.customer);
  const requests = await readAll<Request>(STORES.requests, (record) => record.id);
  const activities = await readAll<Activity>(STORES.activities, (record) => record.id);
  const merges = await readAll<StoredMerge>(STORES.merges, (record) => record.mergedId);
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now(), customers, requests, activities, merges };
}

/**
 * Writes a checked import (records whose id is stored already are replaced) after checking what
 * it names outside itself. Scope: `TRANSFER_SCOPE`, read-write; lookup keys are worked out
 * before it opens.
 */
export async function writeImport(
  tx: IDBTransaction,
  valid: ValidatedImport,
  customers: readonly StoredCustomer[],
  onProgress: TransferOptions['onProgress'],
): Promise<ImportSummary> {
  await checkImportReferences(tx, valid);
  await writeInBatches(
    [
      [tx.objectStore(STORES.customers), customers],
      [tx.objectStore(STORES.requests), valid.requests],
      [tx.objectStore(STORES.activities), valid.activities],
      [tx.objectStore(STORES.merges), valid.merges],
    ],
    onProgress,
  );
  return { customers: customers.length, requests: valid.requests.length, activities: valid.activities.length, merges: valid.merges.length };
}

/** The import's records as the customers store keeps them, worked out before the transaction opens so that it never waits on us. */
export function storedCustomers(valid: ValidatedImport): StoredCustomer[] {
  return valid.customers.map(storedCustomer);
}

/** References an import makes to records it does not carry must be in the store already; the ids it merges must not be. */
async function checkImportReferences(tx: IDBTransaction, valid: ValidatedImport): Promise<void> {
  const issues: { path: string; message: string }[] = [];
  const lookFor = (name: string, ids: ReadonlyMap<string, string>, kind: string) =>
    [...ids].map(([id, path]) =>
      promisifyRequest(tx.objectStore(name).getKey(id)).then((key) => {
        if (key === undefined) issues.push({ path, message: `No ${kind} with id "${id}" in the import or the store` });
      }),
    );
  const customers = tx.objectStore(STORES.customers);
  const notStored = [...valid.mergedIds].map(([id, path]) =>
    promisifyRequest(customers.getKey(id)).then((key) => {
      if (key !== undefined) issues.push({ path: `${path}.mergedId`, message: `Customer "${id}" is in the store: a merged customer has no record of its own` });
    }),
  );
  await Promise.all([
    ...lookFor(STORES.customers, valid.externalCustomerIds, 'customer'),
    ...lookFor(STORES.requests, valid.externalRequestIds, 'request'),
    ...notStored,
  ]);
  if (issues.length) throw new InvalidInputError(issues.sort((a, b) => (a.path < b.path ? -1 : 1)));
}

/**
 * Puts every record with no await per record: two small batches are queued at a time, and each
 * batch's last success queues the next and reports progress. Two in flight keep the transaction
 * busy; small ones keep every other database of this origin answering. IndexedDB serves an
 * origin's requests in turn, so a read in another tab's gadget waits behind every put queued
 * before it: 10,000 queued puts held such a read for 2–9 s, 500 hold it for about 0.2 s
 * (`npm run bench`), and the import is no slower. An abort, too, has only those to roll back.
 */
function writeInBatches(
  targets: readonly (readonly [IDBObjectStore, readonly unknown[]])[],
  onProgress: TransferOptions['onProgress'],
): Promise<void> {
  const total = targets.reduce((sum, [, records]) => sum + records.length, 0);
  let done = 0;
  let target = 0;
  let offset = 0;
  onProgress?.({ phase: 'writing', done, total });
  return new Promise<void>((resolve, reject) => {
    const queueBatch = (): boolean => {
      let queued = 0;
      let last: IDBRequest | undefined;
      while (queued < IMPORT_BATCH && target < targets.length) {
        const [store, records] = targets[target]!;
        const end = Math.min(records.length, offset + IMPORT_BATCH - queued);
        for (let index = offset; index < end; index += 1) last = store.put(records[index]);
        queued += end - offset;
        offset = end;
        if (offset === records.length) {
          target += 1;
          offset = 0;
        }
      }
      if (!last) return false;
      const count = queued;
      last.onerror = () => reject(last.error);
      last.onsuccess = () => {
        done += count;
        try {
          onProgress?.({ phase: 'writing', done, total });
          if (done === total) resolve();
          else queueBatch();
        } catch (error) {
          reject(error);
        }
      };
      return true;
    };
    try {
      if (queueBatch()) queueBatch();
      else resolve();
    } catch (error) {
      reject(error);
    }
  });
}
