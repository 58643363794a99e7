/**
 * The Finesse gadget bundle: registers the elements and mounts them on the built-in store. The
 * store (IndexedDB) and the phone metadata load as separate chunks, after the first render.
 */
import './components/activity-list/activity-list.js';
import './components/backend-provider/backend-provider.js';
import type { CcBackendProvider } from './components/backend-provider/backend-provider.js';

export { CcActivityList } from './components/activity-list/activity-list.js';
export { CcBackendProvider } from './components/backend-provider/backend-provider.js';

export interface GadgetOptions {
  /** The customer whose journey to show first. */
  readonly customerId?: string;
  /** The built-in store's database name. */
  readonly databaseName?: string;
}

/** Replaces `container`'s content with the gadget on the built-in store; returns its provider. */
export function mountGadget(container: Element, options: GadgetOptions = {}): CcBackendProvider {
  const provider = document.createElement('cc-backend-provider');
  if (options.databaseName) provider.databaseName = options.databaseName;
  const list = document.createElement('cc-activity-list');
  if (options.customerId) list.customerId = options.customerId;
  provider.append(list);
  container.replaceChildren(provider);
  return provider;
}

// A page that only includes the script mounts the gadget where it says:
// <div data-cc-gadget data-customer-id="…" data-database-name="…"></div>
for (const container of document.querySelectorAll<HTMLElement>('[data-cc-gadget]')) {
  mountGadget(container, {
    ...(container.dataset['customerId'] ? { customerId: container.dataset['customerId'] } : {}),
    ...(container.dataset['databaseName'] ? { databaseName: container.dataset['databaseName'] } : {}),
  });
}
