import { expect } from '@open-wc/testing';
import * as z from 'zod/mini';
import { BuiltInStore } from '../../src/backend/index.js';
import { storeExportSchema } from '../../src/backend/transfer.js';
import { MEDIA_TYPES, activitySchema, customerSchema, loadPhoneNormaliser, requestSchema } from '../../src/model/index.js';
import { SyntheticPlan, generateSyntheticStore, syntheticChunks } from '../../src/demo/synthetic.js';

describe('synthetic stores', () => {
  it('are the same for the same seed and differ for another', () => {
    const options = { customers: 200, activities: 1000, seed: 7, heavyCustomerActivities: 100 };
    const first = generateSyntheticStore(options);
    expect(generateSyntheticStore(options)).to.deep.equal(first);
    const other = generateSyntheticStore({ ...options, seed: 8 });
    expect(other.customers[1]!.id).to.not.equal(first.customers[1]!.id);
    expect(other.customers[1]!.dataElements['Context_Mobile_Phone']).to.not.equal(first.customers[1]!.dataElements['Context_Mobile_Phone']);
  });

  it('hold the counts asked for, with the heavy customer owning its activities', () => {
    const store = generateSyntheticStore({ customers: 500, activities: 5000, seed: 1, heavyCustomerActivities: 1200 });
    expect(store.format).to.equal('customer-context');
    expect(store.version).to.equal(1);
    expect(store.customers).to.have.length(500);
    expect(store.activities).to.have.length(5000);
    expect(store.requests).to.have.length(50);
    const heavyId = store.customers[0]!.id;
    expect(store.activities.filter((activity) => activity.customerId === heavyId)).to.have.length(1200);
    expect(new Set(store.activities.map((activity) => activity.id)).size).to.equal(5000);
  });

  it('pass the stored schemas and the export schema', () => {
    const store = generateSyntheticStore({ customers: 300, activities: 3000, seed: 3, heavyCustomerActivities: 50 });
    for (const customer of store.customers) expect(z.safeParse(customerSchema, customer).success, customer.id).to.equal(true);
    for (const request of store.requests) expect(z.safeParse(requestSchema, request).success, request.id).to.equal(true);
    for (const activity of store.activities) expect(z.safeParse(activitySchema, activity).success, activity.id).to.equal(true);
    const parsed = z.safeParse(storeExportSchema, store);
    expect(parsed.success, parsed.error?.message).to.equal(true);
  });

  it('give every customer a unique, valid US phone number and a unique email', async () => {
    const plan = new SyntheticPlan({ customers: 20_000, activities: 0, seed: 11 });
    const phones = new Set<string>();
    const emails = new Set<string>();
    for (let index = 0; index < 20_000; index += 1) {
      phones.add(plan.customerPhone(index));
      emails.add(plan.customerEmail(index));
    }
    expect(phones.size).to.equal(20_000);
    expect(emails.size).to.equal(20_000);
    const phone = await loadPhoneNormaliser('US');
    for (let index = 0; index < 20_000; index += 97) {
      const e164 = plan.customerPhone(index);
      expect(phone.toE164(e164), e164).to.equal(e164);
      expect(e164).to.not.match(/^\+1\d{3}555/);
    }
    expect(plan.customer(42).dataElements['Context_Work_Email']).to.equal(plan.customerEmail(42));
  });

  it('cover every media type and keep activities between their customer\'s creation and now', () => {
    const store = generateSyntheticStore({ customers: 50, activities: 400, seed: 5, now: '2026-06-01T00:00:00Z' });
    expect(new Set(store.activities.map((activity) => activity.mediaType))).to.have.all.keys(...MEDIA_TYPES);
    const created = new Map(store.customers.map((customer) => [customer.id, Date.parse(customer.created)]));
    const now = Date.parse('2026-06-01T00:00:00Z');
    for (const activity of store.activities) {
      const at = Date.parse(activity.created);
      expect(at).to.be.at.least(created.get(activity.customerId!)!);
      expect(at).to.be.at.most(now);
    }
    const requestIds = new Set(store.requests.map((request) => request.id));
    for (const activity of store.activities) if (activity.requestId) expect(requestIds.has(activity.requestId)).to.equal(true);
  });

  it('stream in chunks that add up to the whole store', () => {
    const options = { customers: 120, activities: 1050, seed: 9 };
    const chunks = [...syntheticChunks(options, 100)];
    expect(chunks.every((chunk) => chunk.items.length <= 100)).to.equal(true);
    expect(chunks.map((chunk) => chunk.kind)).to.deep.equal([
      'customers',
      'customers',
      'requests',
      ...Array.from({ length: 11 }, () => 'activities'),
    ]);
    const whole = generateSyntheticStore(options);
    expect(chunks.filter((chunk) => chunk.kind === 'activities').flatMap((chunk) => chunk.items)).to.deep.equal(whole.activities);
  });

  it('refuse impossible sizes', () => {
    expect(() => new SyntheticPlan({ customers: 0, activities: 1 })).to.throw(RangeError);
    expect(() => new SyntheticPlan({ customers: -1, activities: 0 })).to.throw(RangeError);
  });

  it('import into the built-in store, where lookups and journeys find them', async () => {
    const databaseName = `cc-test-synthetic-${crypto.randomUUID()}`;
    const store = await BuiltInStore.open({ databaseName, timeoutMs: 15_000 });
    try {
      const data = generateSyntheticStore({ customers: 100, activities: 600, seed: 21, heavyCustomerActivities: 250 });
      const summary = await store.importData(data);
      expect(summary).to.deep.equal({ customers: 100, requests: 10, activities: 600, merges: 0 });
      const plan = new SyntheticPlan({ customers: 100, activities: 600, seed: 21, heavyCustomerActivities: 250 });
      const [match] = await store.findCustomers(plan.customerPhone(37));
      expect(match?.customer.id).to.equal(plan.customerId(37));
      const page = await store.listActivities(plan.customerId(0), { pageSize: 200 });
      expect(page.activities).to.have.length(200);
      expect(page.nextCursor).to.be.a('string');
    } finally {
      store.close();
      await BuiltInStore.deleteDatabase(databaseName);
    }
  });
});
