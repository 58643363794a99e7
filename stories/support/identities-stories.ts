import type { ContextBackend, CustomerMerging, SensitiveFieldGuard } from '../../src/backend/adapter.js';
import type { BuiltInStore } from '../../src/backend/index.js';
import { DEMO_IDS } from '../../src/demo/journey.js';
import type { Customer } from '../../src/model/customer.js';
import { ForbiddenError } from '../../src/model/errors.js';

/** "J. Ellis", the duplicate an agent made of Jordan Ellis on another call: three activities and a case of their own. */
export async function addDuplicate(store: BuiltInStore): Promise<Customer> {
  const duplicate = await store.createCustomer({
    dataElements: { Context_First_Name: 'J.', Context_Last_Name: 'Ellis', Context_Home_Phone: '+14085550123', Context_Home_Email: 'jellis@example.net' },
  });
  for (const title of ['Chat about a loaner bike', 'Email with photos of the dashboard', 'SMS: running late']) {
    await store.createActivity({ customerId: duplicate.id, mediaType: 'chat', direction: 'inbound', title });
  }
  await store.createRequest({ customerId: duplicate.id, dataElements: { Context_Title: 'Loaner bike' } });
  return duplicate;
}

/** Jordan Ellis with a second phone and their CRM id listed beside the details. */
export async function jordanWithIdentities(store: BuiltInStore): Promise<Customer> {
  const jordan = await store.getCustomer(DEMO_IDS.jordan);
  const withPhone = await store.customerMerging.addIdentity(jordan.id, { expectedVersion: jordan.version, kind: 'phone', value: '+14085550177' });
  return store.customerMerging.addIdentity(jordan.id, { expectedVersion: withPhone.version, kind: 'externalId', value: 'CRM:4711' });
}

/** Waits (up to 10 s) until `find` answers something, for a story's play function. */
export async function until<T>(find: () => T | null | undefined | false): Promise<T | undefined> {
  for (let tries = 0; tries < 200; tries += 1) {
    const found = find();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}

/** Sets an input's value as typing would, so that the element hears it. */
export function type(input: HTMLInputElement | HTMLSelectElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
}

/** The store, answering through `overrides` where given: a shared backend's refusals and roles, without a server. */
export function storeWith(store: BuiltInStore, overrides: Record<string, unknown>): ContextBackend {
  return new Proxy(store, {
    get: (target, property) => {
      if (typeof property === 'string' && property in overrides) return overrides[property];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Merges refused as a shared backend refuses them to an agent (403). */
export function refusingMerges(store: BuiltInStore): ContextBackend {
  const merging: CustomerMerging = {
    addIdentity: (...args) => store.customerMerging.addIdentity(...args),
    removeIdentity: (...args) => store.customerMerging.removeIdentity(...args),
    mergeCustomers: () => Promise.reject(new ForbiddenError('Only a supervisor may merge customers')),
  };
  return storeWith(store, { customerMerging: merging });
}

/** A backend that says who the caller is, as a shared one does: here an agent, no supervisor. */
export function signedInAgent(store: BuiltInStore): ContextBackend {
  const guard: SensitiveFieldGuard = {
    revealField: () => Promise.reject(new ForbiddenError('Not in this story')),
    identity: () => Promise.resolve({ id: 'alex', name: 'Alex Agent', roles: ['agent'], canReveal: false }),
  };
  return storeWith(store, { sensitiveFieldGuard: guard });
}
