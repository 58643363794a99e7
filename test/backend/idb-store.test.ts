import { expect } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { builtInStores } from './support/stores.js';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import type { ActivityChange } from '../../src/backend/adapter.js';
import {
  AbortedError,
  ConflictError,
  ContextError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  TimeoutError,
  UnavailableError,
  type Activity,
  type ActivityInput,
  type Customer,
  type MediaType,
} from '../../src/model/index.js';

const openStore = builtInStores();

async function rejection(promise: Promise<unknown>): Promise<ContextError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ContextError);
    return error as ContextError;
  }
  throw new Error('expected the operation to fail');
}

function jordan(store: BuiltInStore, extra: Record<string, unknown> = {}): Promise<Customer> {
  return store.createCustomer({
    id: 'jordan',
    dataElements: {
      Context_First_Name: 'Jordan',
      Context_Last_Name: 'Ellis',
      Context_Mobile_Phone: '(408) 555-0142',
      Context_Work_Email: 'Jordan.Ellis@Example.com',
      Context_Customer_External_ID: 'CUM-1001',
      ...extra,
    },
  });
}

/** `count` activities one minute apart, the newest last, with media types and titles that vary. */
async function seedActivities(store: BuiltInStore, customerId: string, count: number): Promise<Activity[]> {
  const media: MediaType[] = ['voice', 'sms', 'web', 'email'];
  const start = Date.parse('2026-01-01T00:00:00Z');
  const created: Activity[] = [];
  for (let index = 0; index < count; index += 1) {
    const input: ActivityInput = {
      customerId,
      mediaType: media[index % media.length]!,
      title: `Activity ${index}`,
      message: index % 10 === 0 ? `Dashboard fault P0562 reported (${index})` : `Routine contact ${index}`,
      created: new Date(start + index * 60_000).toISOString(),
    };
    created.push(await store.createActivity(input));
  }
  return created;
}

describe('BuiltInStore', () => {
  describe('finding customers', () => {
    it('finds a customer by phone written in any common format', async () => {
      const store = await openStore();
      await jordan(store);
      for (const query of ['+1 408 555 0142', '(408) 555-0142', '408.555.0142', '4085550142', '+14085550142']) {
        const matches = await store.findCustomers(query);
        expect(matches.map((match) => match.customer.id), query).to.deep.equal(['jordan']);
        expect(matches[0]!.matchedOn).to.equal('phone');
        expect(matches[0]!.matchedValue).to.equal('+14085550142');
      }
    });

    it('finds a customer by email in any case, and says which email matched', async () => {
      const store = await openStore();
      await jordan(store);
      for (const query of ['jordan.ellis@example.com', 'JORDAN.ELLIS@EXAMPLE.COM', ' Jordan.Ellis@example.COM ']) {
        const [match] = await store.findCustomers(query);
        expect(match?.customer.id, query).to.equal('jordan');
        expect(match!.matchedOn).to.equal('email');
        expect(match!.matchedValue).to.equal('Jordan.Ellis@Example.com');
      }
    });

    it('finds by full name, by one name word and by a name prefix, exact matches first', async () => {
      const store = await openStore();
      await jordan(store);
      await store.createCustomer({ id: 'jordana', dataElements: { Context_First_Name: 'Jordana', Context_Last_Name: 'Brooks' } });
      const full = await store.findCustomers('jordan ellis');
      expect(full.map((match) => match.customer.id)).to.deep.equal(['jordan']);
      expect(full[0]!.matchedOn).to.equal('name');
      expect(full[0]!.matchedValue).to.equal('Jordan Ellis');

      const word = await store.findCustomers('Jordan');
      expect(word.map((match) => match.customer.id)).to.deep.equal(['jordan', 'jordana']);
      expect(word[0]!.score).to.be.greaterThan(word[1]!.score);

      const prefix = await store.findCustomers('jor');
      expect(prefix.map((match) => match.customer.id).sort()).to.deep.equal(['jordan', 'jordana']);
      expect(prefix.every((match) => match.matchedOn === 'name' && match.score === 0.5)).to.equal(true);
    });

    it('returns both customers named Ellis, matched on name, most recently updated first', async () => {
      const store = await openStore();
      await jordan(store);
      await store.createCustomer({
        id: 'sam',
        dataElements: { Context_First_Name: 'Sam', Context_Last_Name: 'Ellis' },
        created: '2020-01-01T00:00:00Z',
      });
      const matches = await store.findCustomers('Ellis');
      expect(matches.map((match) => match.customer.id)).to.deep.equal(['jordan', 'sam']);
      expect(matches.map((match) => match.matchedOn)).to.deep.equal(['name', 'name']);
      expect(matches.map((match) => match.matchedValue)).to.deep.equal(['Jordan Ellis', 'Sam Ellis']);
    });

    it('finds by id and by external id, with the best score for the id', async () => {
      const store = await openStore();
      await jordan(store);
      const [byId] = await store.findCustomers('jordan');
      expect(byId).to.include({ matchedOn: 'id', matchedValue: 'jordan', score: 1 });
      const [byExternal] = await store.findCustomers('cum-1001');
      expect(byExternal).to.include({ matchedOn: 'externalId', matchedValue: 'CUM-1001' });
      expect(byExternal!.customer.id).to.equal('jordan');
    });

    it('honours the limit and refuses one above 200', async () => {
      const store = await openStore();
      for (let index = 0; index < 5; index += 1) {
        await store.createCustomer({ dataElements: { Context_First_Name: 'Alex', Context_Last_Name: `Kim${index}` } });
      }
      expect(await store.findCustomers('alex', { limit: 3 })).to.have.length(3);
      expect(await store.findCustomers('alex')).to.have.length(5);
      const error = await rejection(store.findCustomers('alex', { limit: 201 }));
      expect(error).to.be.instanceOf(InvalidInputError);
      expect(await store.findCustomers('   ')).to.deep.equal([]);
    });

    it('answers a lookup among 5,000 customers from the index, never by scanning the customers', async () => {
      const store = await openStore();
      const customers = Array.from({ length: 5000 }, (_, index) => ({
        id: `c${index}`,
        dataElements: {
          Context_First_Name: `Given${index}`,
          Context_Last_Name: `Family${index}`,
          Context_Mobile_Phone: `+1408555${String(index).padStart(4, '0')}`,
          Context_Work_Email: `person${index}@example.com`,
        },
        created: '2026-01-01T00:00:00Z',
      }));
      await store.importData({ customers });

      const scans: string[] = [];
      const indexReads: { key: unknown; count: number | undefined }[] = [];
      const storeProto = IDBObjectStore.prototype;
      const indexProto = IDBIndex.prototype;
      const originals = {
        openCursor: storeProto.openCursor,
        openKeyCursor: storeProto.openKeyCursor,
        getAll: storeProto.getAll,
        getAllKeys: storeProto.getAllKeys,
        indexGetAll: indexProto.getAll,
        indexOpenCursor: indexProto.openCursor,
      };
      const watchStore = (name: 'openCursor' | 'openKeyCursor' | 'getAll' | 'getAllKeys') => {
        const original = originals[name] as (...args: unknown[]) => IDBRequest;
        (storeProto as unknown as Record<string, unknown>)[name] = function (this: IDBObjectStore, ...args: unknown[]) {
          if (this.name === 'customers') scans.push(name);
          return original.apply(this, args);
        };
      };
      for (const name of ['openCursor', 'openKeyCursor', 'getAll', 'getAllKeys'] as const) watchStore(name);
      indexProto.getAll = function (this: IDBIndex, key?: IDBValidKey | IDBKeyRange | null, count?: number) {
        indexReads.push({ key, count });
        return originals.indexGetAll.call(this, key, count);
      };
      indexProto.openCursor = function (this: IDBIndex, ...args: unknown[]) {
        if (this.objectStore.name === 'customers') scans.push('index.openCursor');
        return (originals.indexOpenCursor as (...rest: unknown[]) => IDBRequest).apply(this, args);
      };
      try {
        const [byPhone] = await store.findCustomers('(408) 555-4321');
        const [byEmail] = await store.findCustomers('PERSON4321@example.com');
        const byName = await store.findCustomers('given432');
        expect(byPhone!.customer.id).to.equal('c4321');
        expect(byEmail!.customer.id).to.equal('c4321');
        expect(byName.length).to.be.greaterThan(0);
        expect(byName.length).to.be.at.most(20);
        expect(byName.every((match) => match.customer.dataElements['Context_First_Name']!.toString().startsWith('Given432'))).to.equal(true);
      } finally {
        Object.assign(storeProto, {
          openCursor: originals.openCursor,
          openKeyCursor: originals.openKeyCursor,
          getAll: originals.getAll,
          getAllKeys: originals.getAllKeys,
        });
        indexProto.getAll = originals.indexGetAll;
        indexProto.openCursor = originals.indexOpenCursor;
      }
      expect(scans).to.deep.equal([]);
      expect(indexReads.length).to.be.greaterThan(0);
      expect(indexReads.every((read) => read.key !== undefined && read.key !== null && typeof read.count === 'number' && read.count <= 600)).to.equal(
        true,
      );
    });
  });

  describe('customers', () => {
    it('stores phones in E.164 and refuses a bad one, naming the field, storing nothing', async () => {
      const store = await openStore();
      const customer = await jordan(store);
      expect(customer.dataElements['Context_Mobile_Phone']).to.equal('+14085550142');
      expect(customer.version).to.equal(1);
      const error = await rejection(
        store.createCustomer({ id: 'bad', dataElements: { Context_First_Name: 'Bad', Context_Mobile_Phone: 'call me maybe 12' } }),
      );
      expect(error).to.be.instanceOf(InvalidInputError);
      expect((error as InvalidInputError).issueAt('dataElements.Context_Mobile_Phone')).to.not.equal(undefined);
      expect(await rejection(store.getCustomer('bad'))).to.be.instanceOf(NotFoundError);
    });

    it('refuses a second customer with an id already in use', async () => {
      const store = await openStore();
      await jordan(store);
      const error = await rejection(store.createCustomer({ id: 'jordan', dataElements: { Context_First_Name: 'Other' } }));
      expect(error).to.be.instanceOf(ConflictError);
      expect((await store.getCustomer('jordan')).dataElements['Context_First_Name']).to.equal('Jordan');
    });

    it('updates with the version read, re-indexes lookups and refuses a stale version carrying what is stored', async () => {
      const store = await openStore();
      await jordan(store);
      const updated = await store.updateCustomer('jordan', {
        expectedVersion: 1,
        dataElements: { Context_Mobile_Phone: '+1 650 555 0199' },
        contributor: { type: 'user', id: 'agent-7', name: 'Agent Seven' },
      });
      expect(updated.version).to.equal(2);
      expect(updated.contributors.map((contributor) => contributor.id)).to.deep.equal(['agent-7']);
      expect(updated.lastUpdated >= updated.created).to.equal(true);
      expect(await store.findCustomers('408 555 0142')).to.deep.equal([]);
      expect((await store.findCustomers('650-555-0199'))[0]!.customer.id).to.equal('jordan');

      const error = await rejection(store.updateCustomer('jordan', { expectedVersion: 1, dataElements: { Context_City: 'Boston' } }));
      expect(error).to.be.instanceOf(ConflictError);
      expect((error as ConflictError<Customer>).current?.version).to.equal(2);
      expect((await store.getCustomer('jordan')).dataElements['Context_City']).to.equal(undefined);
    });

    it('refuses to change a closed customer', async () => {
      const store = await openStore();
      await jordan(store);
      await store.updateCustomer('jordan', { expectedVersion: 1, state: 'closed' });
      const error = await rejection(store.updateCustomer('jordan', { expectedVersion: 2, state: 'active' }));
      expect(error).to.be.instanceOf(InvalidInputError);
      expect((error as InvalidInputError).issueAt('state')?.message).to.match(/closed/);
    });
  });

  describe('activities', () => {
    it('pages through 120 activities newest first, 50 at a time, without gaps or repeats', async () => {
      const store = await openStore();
      await jordan(store);
      const created = await seedActivities(store, 'jordan', 120);
      const seen: Activity[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listActivities('jordan', { pageSize: 50, ...(cursor ? { cursor } : {}) });
        sizes.push(page.activities.length);
        seen.push(...page.activities);
        cursor = page.nextCursor;
      } while (cursor);
      expect(sizes).to.deep.equal([50, 50, 20]);
      expect(seen.map((activity) => activity.id)).to.deep.equal(created.map((activity) => activity.id).reverse());
      expect((await store.listActivities('jordan')).activities).to.have.length(50);
    });

    it('filters by media type, by time window and by words of the text, across pages', async () => {
      const store = await openStore();
      await jordan(store);
      await seedActivities(store, 'jordan', 120);
      const sms = await store.listActivities('jordan', { mediaTypes: ['sms', 'email'], pageSize: 200 });
      expect(sms.activities).to.have.length(60);
      expect(sms.activities.every((activity) => activity.mediaType === 'sms' || activity.mediaType === 'email')).to.equal(true);
      expect(sms.nextCursor).to.equal(undefined);

      const windowed = await store.listActivities('jordan', { since: '2026-01-01T00:10:00Z', until: '2026-01-01T00:20:00+00:00' });
      expect(windowed.activities.map((activity) => activity.title)).to.deep.equal(
        Array.from({ length: 10 }, (_, index) => `Activity ${19 - index}`),
      );

      const faults = await store.listActivities('jordan', { text: 'DASHBOARD p0562', pageSize: 5 });
      expect(faults.activities.map((activity) => activity.title)).to.deep.equal(['Activity 110', 'Activity 100', 'Activity 90', 'Activity 80', 'Activity 70']);
      const rest = await store.listActivities('jordan', { text: 'DASHBOARD p0562', pageSize: 5, cursor: faults.nextCursor! });
      expect(rest.activities.map((activity) => activity.title)).to.deep.equal(['Activity 60', 'Activity 50', 'Activity 40', 'Activity 30', 'Activity 20']);
      const last = await store.listActivities('jordan', { text: 'DASHBOARD p0562', pageSize: 5, cursor: rest.nextCursor! });
      expect(last.activities.map((activity) => activity.title)).to.deep.equal(['Activity 10', 'Activity 0']);
      expect(last.nextCursor).to.equal(undefined);
    });

    it('refuses a damaged cursor and a page size over 200', async () => {
      const store = await openStore();
      expect((await rejection(store.listActivities('jordan', { cursor: 'not-a-cursor' })) as InvalidInputError).issueAt('cursor')).to.not.equal(
        undefined,
      );
      expect((await rejection(store.listActivities('jordan', { pageSize: 201 })) as InvalidInputError).issueAt('pageSize')).to.not.equal(undefined);
    });

    it('refuses an activity for an unknown customer or request, storing nothing', async () => {
      const store = await openStore();
      await jordan(store);
      const noCustomer = await rejection(store.createActivity({ id: 'a1', customerId: 'nobody', title: 'Call' }));
      expect((noCustomer as InvalidInputError).issueAt('customerId')).to.not.equal(undefined);
      const noRequest = await rejection(store.createActivity({ id: 'a1', customerId: 'jordan', requestId: 'missing', title: 'Call' }));
      expect((noRequest as InvalidInputError).issueAt('requestId')).to.not.equal(undefined);
      expect(await rejection(store.getActivity('a1'))).to.be.instanceOf(NotFoundError);
      expect(await store.isEmpty()).to.equal(false);
      expect((await store.listActivities('jordan')).activities).to.deep.equal([]);
    });

    it('maps an unset media type to event, clears a property with null, and refuses a stale update', async () => {
      const store = await openStore();
      await jordan(store);
      const activity = await store.createActivity({ customerId: 'jordan', title: 'Sensor alert', message: 'Voltage low' });
      expect(activity.mediaType).to.equal('event');
      const updated = await store.updateActivity(activity.id, { expectedVersion: 1, message: null, tags: ['battery'] });
      expect(updated.message).to.equal(undefined);
      expect('message' in updated).to.equal(false);
      expect(updated.tags).to.deep.equal(['battery']);
      expect(updated.version).to.equal(2);
      const stale = await rejection(store.updateActivity(activity.id, { expectedVersion: 1, title: 'Lost' }));
      expect(stale).to.be.instanceOf(ConflictError);
      expect((stale as ConflictError<Activity>).current?.tags).to.deep.equal(['battery']);
      expect((await store.getActivity(activity.id)).title).to.equal('Sensor alert');
    });

    it('refuses to change a closed activity', async () => {
      const store = await openStore();
      await jordan(store);
      const activity = await store.createActivity({ customerId: 'jordan', title: 'Call', state: 'closed' });
      const error = await rejection(store.updateActivity(activity.id, { expectedVersion: 1, state: 'active' }));
      expect(error).to.be.instanceOf(InvalidInputError);
      expect((error as InvalidInputError).issueAt('state')?.message).to.match(/closed/);
      expect((await store.getActivity(activity.id)).state).to.equal('closed');
    });

    it('answers an unknown activity id with not-found', async () => {
      const store = await openStore();
      const error = await rejection(store.getActivity('no-such-pod'));
      expect(error).to.be.instanceOf(NotFoundError);
      expect(error.code).to.equal('not-found');
    });
  });

  describe('requests', () => {
    it('needs a stored customer and lists them newest update first', async () => {
      const store = await openStore();
      const noOwner = await rejection(store.createRequest({ customerId: 'nobody' }));
      expect((noOwner as InvalidInputError).issueAt('customerId')).to.not.equal(undefined);
      await jordan(store);
      const older = await store.createRequest({ customerId: 'jordan', created: '2026-01-01T00:00:00Z', dataElements: { Context_Title: 'Old' } });
      const newer = await store.createRequest({ customerId: 'jordan', created: '2026-02-01T00:00:00Z', dataElements: { Context_Title: 'New' } });
      expect((await store.listRequests('jordan')).map((request) => request.id)).to.deep.equal([newer.id, older.id]);
      expect((await store.getRequest(older.id)).dataElements['Context_Title']).to.equal('Old');
      const activity = await store.createActivity({ customerId: 'jordan', requestId: newer.id, title: 'Follow-up' });
      expect(activity.requestId).to.equal(newer.id);
    });
  });

  describe('deleting and lab mode', () => {
    it('refuses deletes outside lab mode and keeps the data', async () => {
      const store = await openStore();
      await jordan(store);
      const activity = await store.createActivity({ customerId: 'jordan', title: 'Call' });
      expect(await rejection(store.deleteCustomer('jordan'))).to.be.instanceOf(ForbiddenError);
      expect(await rejection(store.deleteActivity(activity.id))).to.be.instanceOf(ForbiddenError);
      expect((await store.getCustomer('jordan')).id).to.equal('jordan');
      expect((await store.getActivity(activity.id)).id).to.equal(activity.id);
    });

    it('deletes in lab mode, cascading, in a partition separate from production', async () => {
      const databaseName = `test-${crypto.randomUUID()}`;
      const production = await openStore({ databaseName });
      await jordan(production);
      const lab = await openStore({ databaseName, labMode: true });
      expect(lab.databaseName).to.equal(`${databaseName}-lab`);
      expect(await rejection(lab.getCustomer('jordan'))).to.be.instanceOf(NotFoundError);

      await jordan(lab);
      const kept = await lab.createActivity({ customerId: 'jordan', title: 'Keep?' });
      const dropped = await lab.createActivity({ customerId: 'jordan', title: 'Drop' });
      const caseRecord = await lab.createRequest({ customerId: 'jordan' });
      await lab.deleteActivity(dropped.id);
      expect(await rejection(lab.getActivity(dropped.id))).to.be.instanceOf(NotFoundError);
      await lab.deleteCustomer('jordan');
      expect(await rejection(lab.getActivity(kept.id))).to.be.instanceOf(NotFoundError);
      expect(await rejection(lab.getRequest(caseRecord.id))).to.be.instanceOf(NotFoundError);
      expect(await lab.isEmpty()).to.equal(true);
      expect(await rejection(lab.deleteCustomer('jordan'))).to.be.instanceOf(NotFoundError);

      expect((await production.getCustomer('jordan')).id).to.equal('jordan');
      expect(await production.isEmpty()).to.equal(false);
    });
  });

  describe('changes', () => {
    it('tells subscribers in this instance after each commit, until they unsubscribe', async () => {
      const store = await openStore();
      await jordan(store);
      const heard: ActivityChange[] = [];
      const reads: Promise<Activity>[] = [];
      const unsubscribe = store.subscribe('jordan', (change) => {
        heard.push(change);
        // Committed already: a read in the listener sees it.
        reads.push(store.getActivity(change.activityId));
      });
      const activity = await store.createActivity({ customerId: 'jordan', title: 'Call' });
      await store.updateActivity(activity.id, { expectedVersion: 1, title: 'Call about P0562' });
      await waitUntil(() => heard.length >= 2, 'Expected both changes heard');
      const stored = await Promise.all(reads);
      expect(heard.map((change) => [change.kind, change.activity?.title])).to.deep.equal([
        ['created', 'Call'],
        ['updated', 'Call about P0562'],
      ]);
      expect(stored.map((found) => found.id)).to.deep.equal([activity.id, activity.id]);

      unsubscribe();
      await store.createActivity({ customerId: 'jordan', title: 'Unheard' });
      expect(heard).to.have.length(2);
    });

    it('tells another instance on the same database, as another tab hears it', async () => {
      const databaseName = `test-${crypto.randomUUID()}`;
      const writer = await openStore({ databaseName });
      const reader = await openStore({ databaseName });
      await jordan(writer);
      const heard: ActivityChange[] = [];
      const others: ActivityChange[] = [];
      let arrived: () => void = () => undefined;
      const first = new Promise<void>((resolve) => (arrived = resolve));
      const unsubscribe = reader.subscribe('jordan', (change) => {
        heard.push(change);
        arrived();
      });
      reader.subscribe('someone-else', (change) => others.push(change));
      const activity = await writer.createActivity({ customerId: 'jordan', title: 'SMS from Jordan', mediaType: 'sms' });
      await first;
      expect(heard).to.have.length(1);
      expect(heard[0]).to.include({ kind: 'created', customerId: 'jordan', activityId: activity.id });
      expect(heard[0]!.activity).to.deep.equal(activity);

      unsubscribe();
      await writer.createActivity({ customerId: 'jordan', title: 'Second' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heard).to.have.length(1);
      expect(others).to.deep.equal([]);
    });

    it('keeps every write when two instances write at once', async () => {
      const databaseName = `test-${crypto.randomUUID()}`;
      const one = await openStore({ databaseName });
      const two = await openStore({ databaseName });
      await jordan(one);
      await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          (index % 2 ? one : two).createActivity({ customerId: 'jordan', title: `Write ${index}` }),
        ),
      );
      expect((await one.listActivities('jordan', { pageSize: 200 })).activities).to.have.length(40);

      const outcomes = await Promise.allSettled([
        one.updateCustomer('jordan', { expectedVersion: 1, dataElements: { Context_City: 'San Jose' } }),
        two.updateCustomer('jordan', { expectedVersion: 1, dataElements: { Context_City: 'Austin' } }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).to.have.length(1);
      const refused = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).to.be.instanceOf(ConflictError);
      expect((await two.getCustomer('jordan')).version).to.equal(2);
    });

    it('keeps data across closing and reopening', async () => {
      const databaseName = `test-${crypto.randomUUID()}`;
      const first = await openStore({ databaseName });
      await jordan(first);
      const activity = await first.createActivity({ customerId: 'jordan', title: 'Before reload' });
      first.close();
      const again = await openStore({ databaseName });
      expect((await again.getActivity(activity.id)).title).to.equal('Before reload');
      expect((await again.findCustomers('408-555-0142'))[0]!.customer.id).to.equal('jordan');
    });
  });

  describe('deadlines and faults', () => {
    it('times out a stalled store within the operation timeout', async () => {
      const store = await openStore();
      store.fault = 'stall';
      const started = performance.now();
      const error = await rejection(store.getCustomer('jordan', { timeoutMs: 200 }));
      const elapsed = performance.now() - started;
      expect(error).to.be.instanceOf(TimeoutError);
      expect(error.message).to.equal('getCustomer timed out after 200 ms');
      // Never early; how late is the machine's business.
      expect(elapsed).to.be.at.least(180);
      const status = await store.status({ timeoutMs: 200 });
      expect(status.reachable).to.equal(false);
      store.fault = 'none';
      expect((await store.status()).reachable).to.equal(true);
    });

    it('refuses at once with an already-aborted signal, and reports an outage as unavailable', async () => {
      const store = await openStore();
      const error = await rejection(store.createCustomer({ id: 'x', dataElements: {} }, { signal: AbortSignal.abort() }));
      expect(error).to.be.instanceOf(AbortedError);
      expect(await rejection(store.isEmpty({ signal: AbortSignal.abort() }))).to.be.instanceOf(AbortedError);
      store.fault = 'unavailable';
      expect(await rejection(store.findCustomers('jordan'))).to.be.instanceOf(UnavailableError);
      expect(await rejection(store.exportData())).to.be.instanceOf(UnavailableError);
      store.fault = 'none';
      expect(await store.isEmpty()).to.equal(true);
    });

    it('aborts the transaction when the caller aborts mid-write, storing nothing', async () => {
      const store = await openStore();
      await jordan(store);
      const controller = new AbortController();
      const pending = store.createActivity({ id: 'mid', customerId: 'jordan', title: 'Aborted' }, { signal: controller.signal });
      controller.abort();
      expect(await rejection(pending)).to.be.instanceOf(AbortedError);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await rejection(store.getActivity('mid'))).to.be.instanceOf(NotFoundError);
    });

    it('reports status with latency, lab mode, the backend name and per-operation counts', async () => {
      const store = await openStore({ timeoutMs: 5000 });
      await jordan(store);
      await store.findCustomers('Ellis');
      await rejection(store.getCustomer('nobody'));
      const status = await store.status();
      expect(status).to.include({ reachable: true, labMode: false, backend: 'Built-in store (IndexedDB)' });
      expect(status.latencyMs).to.be.at.least(0);
      expect(status.operations.createCustomer?.count).to.equal(1);
      expect(status.operations.getCustomer).to.include({ count: 1, errors: 1 });
      expect(store.settings).to.include({ timeoutMs: 5000, labMode: false, defaultRegion: 'US' });
      expect(await rejection(store.getCustomer('jordan', { timeoutMs: 50 }))).to.be.instanceOf(InvalidInputError);
    });

    it('refuses a timeout out of range and an unknown phone region when opening', async () => {
      for (const [settings, path] of [
        [{ timeoutMs: 20_000 }, 'timeoutMs'],
        [{ timeoutMs: 100 }, 'timeoutMs'],
        [{ defaultRegion: 'XX' }, 'defaultRegion'],
        [{ defaultRegion: 'USA' }, 'defaultRegion'],
      ] as const) {
        const error = await rejection(openStore(settings));
        expect(error, JSON.stringify(settings)).to.be.instanceOf(InvalidInputError);
        expect((error as InvalidInputError).issueAt(path), JSON.stringify(settings)).to.not.equal(undefined);
      }
    });
  });
});
