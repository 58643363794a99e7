/**
 * The benchmark: each figure of the built-in store beside raw IndexedDB doing the same work in the
 * same run, with the ratio. Printed as `bench: name: value unit` for scripts/bench.js.
 */
import { BuiltInStore } from '../src/backend/index.js';
import { generateSyntheticStore } from '../src/demo/synthetic.js';
import { benchTimeline } from './timeline.js';
import { benchScreenPop } from './screen-pop.js';
import { customerLookupKeys, lookupIndexKey, type Activity, type Customer } from '../src/model/index.js';

declare global {
  interface Window {
    benchOutcome?: { ok: boolean; error?: string };
  }
}

const QUICK = new URLSearchParams(location.search).has('quick');
const scale = (n: number) => (QUICK ? Math.max(1, Math.round(n / 10)) : n);

function print(name: string, value: number, unit: string): void {
  const shown = value >= 100 ? Math.round(value).toString() : value.toFixed(2);
  console.log(`bench: ${name}: ${shown} ${unit}`);
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))] ?? 0;
}

function promisify<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error);
  });
}

/** Raw IndexedDB with the same records and the same indexes: the baseline every figure is compared with. */
class RawStore {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(name: string): Promise<RawStore> {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('customers', { keyPath: 'id' }).createIndex('lookup', 'lookup', { multiEntry: true });
      db.createObjectStore('activities', { keyPath: 'id' }).createIndex('byCustomer', ['customerId', 'created', 'id']);
    };
    return new RawStore(await promisify(request));
  }

  async put(customers: readonly Customer[], activities: readonly Activity[]): Promise<void> {
    const tx = this.db.transaction(['customers', 'activities'], 'readwrite');
    const customerStore = tx.objectStore('customers');
    for (const customer of customers) customerStore.put({ ...customer, lookup: customerLookupKeys(customer) });
    const activityStore = tx.objectStore('activities');
    for (const activity of activities) activityStore.put(activity);
    await done(tx);
  }

  async lookup(key: string): Promise<unknown[]> {
    const tx = this.db.transaction('customers', 'readonly');
    return promisify(tx.objectStore('customers').index('lookup').getAll(IDBKeyRange.only(key), 20));
  }

  /** One page newest first, continuing below `before` ([created, id] of the last activity seen). */
  async page(customerId: string, size: number, before?: [string, string]): Promise<Activity[]> {
    const tx = this.db.transaction('activities', 'readonly');
    const range = before
      ? IDBKeyRange.bound([customerId], [customerId, ...before], false, true)
      : IDBKeyRange.bound([customerId], [customerId, []]);
    const request = tx.objectStore('activities').index('byCustomer').openCursor(range, 'prev');
    const page: Activity[] = [];
    return new Promise((resolve, reject) => {
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const cursor = request.result;
        if (!cursor || page.length >= size) return resolve(page);
        page.push(cursor.value as Activity);
        cursor.continue();
      };
    });
  }

  close(): void {
    this.db.close();
  }
}

async function fresh(name: string): Promise<string> {
  await promisify(indexedDB.deleteDatabase(name)).catch(() => undefined);
  return name;
}

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function nationalFormat(e164: string): string {
  const digits = e164.slice(2);
  return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
}

/**
 * Runs `work` while another database of the same origin is read every 20 ms, as a gadget in
 * another tab reads while an import runs; returns the slowest of those reads (ms).
 */
async function slowestReadBeside(work: () => Promise<unknown>): Promise<number> {
  const other = await RawStore.open(await fresh('bench-import-beside'));
  let slowest = 0;
  let finished = false;
  const reads = (async () => {
    while (!finished) {
      const started = performance.now();
      await other.lookup('nobody');
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    await work();
  } finally {
    finished = true;
    await reads;
    other.close();
  }
  return slowest;
}

async function benchImport(): Promise<void> {
  const data = generateSyntheticStore({ customers: scale(2_000), activities: scale(50_000), seed: 7 });
  const ours = await BuiltInStore.open({ databaseName: await fresh('bench-import'), timeoutMs: 15_000 });
  let ourMs = 0;
  const ourSlowest = await slowestReadBeside(async () => (ourMs = await timed(() => ours.importData(data))));
  ours.close();
  const raw = await RawStore.open(await fresh('bench-import-raw'));
  let rawMs = 0;
  const rawSlowest = await slowestReadBeside(async () => (rawMs = await timed(() => raw.put(data.customers, data.activities))));
  raw.close();
  const ourRate = (data.activities.length / ourMs) * 1000;
  const rawRate = (data.activities.length / rawMs) * 1000;
  print('import activities/s (built-in store)', ourRate, 'activities/s');
  print('import activities/s (raw IndexedDB)', rawRate, 'activities/s');
  print('import ratio (built-in / raw, goal >= 0.7)', ourRate / rawRate, 'x');
  print('slowest read of another database during the import (built-in store, goal <= 500)', ourSlowest, 'ms');
  print('slowest read of another database during the import (raw IndexedDB, all at once)', rawSlowest, 'ms');
}

async function benchLookup(customers: number): Promise<void> {
  const label = customers >= 1000 ? `${customers / 1000}k` : String(customers);
  const data = generateSyntheticStore({ customers, activities: 0, seed: 11 });
  const ours = await BuiltInStore.open({ databaseName: await fresh(`bench-lookup-${label}`), timeoutMs: 15_000 });
  await ours.importData(data);
  const raw = await RawStore.open(await fresh(`bench-lookup-${label}-raw`));
  await raw.put(data.customers, []);

  const probes = 300;
  const picks = Array.from({ length: probes }, (_, i) => data.customers[(i * 7919) % data.customers.length]!);
  for (const key of ['phone', 'email'] as const) {
    const valueOf = (customer: Customer) =>
      String(key === 'phone' ? customer.dataElements['Context_Mobile_Phone'] : customer.dataElements['Context_Work_Email']);
    await ours.findCustomers(key === 'phone' ? nationalFormat(valueOf(picks[0]!)) : valueOf(picks[0]!));
    const oursMs: number[] = [];
    const rawMs: number[] = [];
    for (const customer of picks) {
      const value = valueOf(customer);
      const query = key === 'phone' ? nationalFormat(value) : value.toUpperCase();
      oursMs.push(
        await timed(async () => {
          const matches = await ours.findCustomers(query);
          if (matches[0]?.customer.id !== customer.id) throw new Error(`lookup of ${query} did not find ${customer.id}`);
        }),
      );
      rawMs.push(await timed(() => raw.lookup(lookupIndexKey(key, key === 'phone' ? value : value.toLowerCase()))));
    }
    for (const p of [0.5, 0.95] as const) {
      const name = `lookup by ${key} p${p * 100} at ${label} customers`;
      const o = percentile(oursMs, p);
      const r = percentile(rawMs, p);
      print(`${name} (built-in store)`, o, 'ms');
      print(`${name} (raw IndexedDB)`, r, 'ms');
      print(`${name} (ratio built-in / raw)`, o / Math.max(r, 0.01), 'x');
    }
  }
  ours.close();
  raw.close();
}

async function benchPage(): Promise<void> {
  const perCustomer = scale(10_000);
  const data = generateSyntheticStore({ customers: 50, activities: perCustomer, seed: 5, heavyCustomerActivities: perCustomer });
  const heavy = data.customers[0]!.id;
  const ours = await BuiltInStore.open({ databaseName: await fresh('bench-page'), timeoutMs: 15_000 });
  await ours.importData(data);
  const raw = await RawStore.open(await fresh('bench-page-raw'));
  await raw.put(data.customers, data.activities);
  const count = (await ours.listActivities(heavy, { pageSize: 200 })).activities.length;
  if (count === 0) throw new Error('the heavy customer has no activities');

  const oursMs: number[] = [];
  const rawMs: number[] = [];
  let cursor: string | undefined;
  let before: [string, string] | undefined;
  for (let i = 0; i < 100; i += 1) {
    oursMs.push(
      await timed(async () => {
        const page = await ours.listActivities(heavy, { pageSize: 50, ...(cursor ? { cursor } : {}) });
        cursor = page.nextCursor;
      }),
    );
    rawMs.push(
      await timed(async () => {
        const page = await raw.page(heavy, 50, before);
        const last = page.at(-1);
        before = last ? [last.created, last.id] : undefined;
      }),
    );
  }
  const o = percentile(oursMs, 0.95);
  const r = percentile(rawMs, 0.95);
  print(`page of 50 activities p95, customer with ${perCustomer} activities (built-in store)`, o, 'ms');
  print(`page of 50 activities p95, customer with ${perCustomer} activities (raw IndexedDB)`, r, 'ms');
  print(`page of 50 activities p95 (ratio built-in / raw)`, o / Math.max(r, 0.01), 'x');
  ours.close();
  raw.close();
}

/** `?only=timeline,screen-pop`: those figures alone (BENCH_ONLY in scripts/bench.js); every one without it. */
const ONLY = new URLSearchParams(location.search).get('only')?.split(',');
const wanted = (name: string): boolean => !ONLY || ONLY.includes(name);

try {
  if (wanted('store')) {
    await benchImport();
    await benchLookup(scale(10_000));
    await benchLookup(scale(100_000));
    await benchPage();
  }
  if (wanted('timeline')) await benchTimeline(print, { activities: scale(10_000) });
  if (wanted('screen-pop')) await benchScreenPop(print, scale(20));
  window.benchOutcome = { ok: true };
} catch (error) {
  window.benchOutcome = { ok: false, error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) };
}
