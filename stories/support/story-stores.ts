import { BuiltInStore, type BuiltInStoreOptions } from '../../src/backend/index.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import { generateSyntheticStore } from '../../src/demo/synthetic.js';

type StoreSettings = Omit<BuiltInStoreOptions, 'databaseName'>;

const open = new Map<string, BuiltInStore>();

/** A built-in store of its own for each story (`name`), emptied on every visit so stories never share data. */
export async function freshStore(name: string, settings: StoreSettings = {}): Promise<BuiltInStore> {
  const databaseName = `cc-story-${name}`;
  open.get(databaseName)?.close();
  await BuiltInStore.deleteDatabase(settings.labMode ? `${databaseName}-lab` : databaseName);
  const store = await BuiltInStore.open({ ...settings, databaseName });
  open.set(databaseName, store);
  return store;
}

/** The same, seeded with the Cumulus demo journey. */
export async function demoStore(name: string, settings: StoreSettings = {}): Promise<BuiltInStore> {
  const store = await freshStore(name, settings);
  await seedDemoJourney(store);
  return store;
}

/**
 * The demo journey with what a right-to-left desktop meets: Hebrew and Arabic written by
 * customers, with Latin names, numbers and a VIN among the words.
 */
export async function rightToLeftStore(name: string, settings: StoreSettings = {}): Promise<BuiltInStore> {
  const store = await demoStore(name, settings);
  await store.createActivity({
    customerId: DEMO_IDS.jordan,
    mediaType: 'sms',
    direction: 'inbound',
    title: 'אפשר להגיע ביום ראשון? Cumulus 750',
    message: 'שלום! VIN 1CUMS750XPA000142, בבקשה תחזרו אליי ל-+1 408 555 0142.',
  });
  await store.createActivity({
    customerId: DEMO_IDS.jordan,
    mediaType: 'chat',
    direction: 'inbound',
    title: 'هل الموعد يوم الأحد؟ Santa Clara',
    message: 'مرحبا، دراجتي Cumulus Stratus 750 تحتاج صيانة.',
  });
  return store;
}

/** The long journey the "Long history" stories show: its store and its one customer. */
export interface LongHistory {
  readonly store: BuiltInStore;
  readonly customerId: string;
}

let longHistory: Promise<LongHistory> | undefined;

/**
 * One customer with 10,000 activities, imported once per page and shared by every story that
 * shows a long history: the import takes seconds, and each visit would pay it again. A failed
 * import is tried again by the next visit.
 */
export function longHistoryStore(): Promise<LongHistory> {
  longHistory ??= (async () => {
    const store = await freshStore('long-history', { timeoutMs: 15_000 });
    const data = generateSyntheticStore({ customers: 1, activities: 10_000, heavyCustomerActivities: 10_000 });
    await store.importData(data);
    return { store, customerId: data.customers[0]!.id };
  })();
  longHistory.catch(() => {
    longHistory = undefined;
  });
  return longHistory;
}
