import { BuiltInStore, type BuiltInStoreOptions } from '../../src/backend/index.js';
import { seedDemoJourney } from '../../src/demo/journey.js';

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
