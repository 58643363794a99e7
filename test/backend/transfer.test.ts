import { expect } from '@open-wc/testing';
import * as fc from 'fast-check';
import * as z from 'zod/mini';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { storeExportSchema, toDataElementsMap, validateImport, type TransferProgress } from '../../src/backend/transfer.js';
import { AbortedError, ContextError, InvalidInputError, NotFoundError, activitySchema, loadPhoneNormaliser } from '../../src/model/index.js';

const stores: BuiltInStore[] = [];

async function openStore(): Promise<BuiltInStore> {
  const store = await BuiltInStore.open({ databaseName: `test-${crypto.randomUUID()}`, timeoutMs: 5000 });
  stores.push(store);
  return store;
}

afterEach(async () => {
  for (const store of stores.splice(0)) {
    store.close();
    await BuiltInStore.deleteDatabase(store.databaseName);
  }
});

async function rejection(promise: Promise<unknown>): Promise<ContextError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(ContextError);
    return error as ContextError;
  }
  throw new Error('expected the operation to fail');
}

const CREATED = '2026-03-01T09:00:00.000Z';

function customer(index: number) {
  return {
    id: `cust-${index}`,
    state: 'active',
    tags: [],
    contributors: [],
    fieldsets: ['cisco.base.customer'],
    dataElements: { Context_First_Name: `Given${index}`, Context_Last_Name: 'Ellis', Context_Mobile_Phone: `+1408555${String(1000 + index)}` },
    created: CREATED,
    lastUpdated: CREATED,
    version: 1,
  };
}

function activity(index: number, customerId = 'cust-0') {
  return {
    id: `act-${index}`,
    customerId,
    mediaType: 'voice',
    direction: 'inbound',
    state: 'closed',
    title: `Call ${index}`,
    tags: [],
    contributors: [],
    fieldsets: ['cisco.base.pod'],
    dataElements: { Context_Notes: `Notes ${index}` },
    created: new Date(Date.parse(CREATED) + index * 1000).toISOString(),
    lastUpdated: new Date(Date.parse(CREATED) + index * 1000).toISOString(),
    version: 1,
  };
}

describe('export and import', () => {
  it('round-trips a whole store through JSON into an empty one', async () => {
    const source = await openStore();
    const jordan = await source.createCustomer({
      id: 'jordan',
      tags: ['vip'],
      dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis', Context_Work_Email: 'jordan@example.com' },
    });
    const request = await source.createRequest({ customerId: 'jordan', dataElements: { Context_Title: 'Motorcycle fault P0562' } });
    await source.createActivity({ customerId: 'jordan', requestId: request.id, mediaType: 'sms', title: 'Can we move my service?' });
    await source.createActivity({ customerId: 'jordan', mediaType: 'web', title: 'Visited service page', breadcrumbs: ['/service', '/book'] });

    const exported = await source.exportData();
    expect(exported.format).to.equal('customer-context');
    expect(exported.version).to.equal(2);
    expect(exported.merges).to.deep.equal([]);
    expect(storeExportSchema.parse(exported)).to.deep.equal(exported);
    const json = JSON.parse(JSON.stringify(exported)) as unknown;

    const target = await openStore();
    expect(await target.isEmpty()).to.equal(true);
    expect(await target.importData(json)).to.deep.equal({ customers: 1, requests: 1, activities: 2, merges: 0 });
    const again = await target.exportData();
    expect({ ...again, exportedAt: exported.exportedAt }).to.deep.equal(exported);
    expect(await target.getCustomer('jordan')).to.deep.equal(jordan);
    expect((await target.findCustomers('JORDAN@example.com'))[0]?.customer.id).to.equal('jordan');
    expect((await target.listActivities('jordan')).activities.map((item) => item.mediaType).sort()).to.deep.equal(['sms', 'web']);
  });

  it('reads the three wire forms of Context Service data elements', () => {
    expect(toDataElementsMap({ Context_City: 'Austin' })).to.deep.equal({ Context_City: 'Austin' });
    expect(toDataElementsMap([{ Context_City: 'Austin' }, { cccRatingPoints: '4', type: 'integer' }])).to.deep.equal({
      Context_City: 'Austin',
      cccRatingPoints: 4,
    });
    expect(
      toDataElementsMap([
        { key: 'Context_City', value: 'Austin', type: 'string' },
        { key: 'Context_Visible', value: 'true', type: 'boolean' },
      ]),
    ).to.deep.equal({ Context_City: 'Austin', Context_Visible: true });
    expect(() => toDataElementsMap([{ a: 1, b: 2 }])).to.throw(InvalidInputError);
  });

  it('imports Context Service objects: data element lists, mobile as SMS, parentId as the request', async () => {
    const store = await openStore();
    const summary = await store.importData([
      {
        type: 'customer',
        id: 'cs-cust',
        created: '2017-05-02T10:00:00Z',
        dataElements: [
          { key: 'Context_First_Name', value: 'Jordan', type: 'string' },
          { key: 'Context_Last_Name', value: 'Ellis', type: 'string' },
          { key: 'Context_Mobile_Phone', value: '408-555-0142', type: 'string' },
        ],
      },
      { type: 'request', id: 'cs-req', customerId: 'cs-cust', created: '2017-05-02T10:05:00Z', dataElements: { Context_Title: 'P0562' } },
      {
        type: 'pod',
        id: 'cs-pod',
        customerId: 'cs-cust',
        parentId: 'cs-req',
        mediaType: 'mobile',
        created: '2017-05-02T10:10:00+02:00',
        dataElements: [{ Context_Notes: 'Customer texted about the dashboard light\nsecond line' }, { Context_POD_Source_Phone: '(408) 555-0142', type: 'string' }],
      },
    ]);
    expect(summary).to.deep.equal({ customers: 1, requests: 1, activities: 1, merges: 0 });
    const pod = await store.getActivity('cs-pod');
    expect(pod).to.include({ mediaType: 'sms', requestId: 'cs-req', title: 'Customer texted about the dashboard light', direction: 'inbound' });
    expect(pod.created).to.equal('2017-05-02T08:10:00.000Z');
    expect(pod.dataElements['Context_POD_Source_Phone']).to.equal('+14085550142');
    const [match] = await store.findCustomers('+1 408 555 0142');
    expect(match?.customer.id).to.equal('cs-cust');
    expect(match?.customer.version).to.equal(1);

    const envelope = await openStore();
    await envelope.importData({
      customers: [{ id: 'c', created: CREATED, dataElements: [{ Context_First_Name: 'Sam' }] }],
      pods: [{ id: 'p', customerId: 'c', created: CREATED, mediaType: 'Mobile', title: 'Hi' }],
    });
    expect((await envelope.getActivity('p')).mediaType).to.equal('sms');
  });

  it('stores nothing when one record is bad, and names its path', async () => {
    const store = await openStore();
    const activities = [activity(0), activity(1), activity(2), { ...activity(3), mediaType: 'carrier-pigeon' }, activity(4)];
    const error = await rejection(store.importData({ format: 'customer-context', version: 1, customers: [customer(0)], activities }));
    expect(error).to.be.instanceOf(InvalidInputError);
    expect((error as InvalidInputError).issueAt('activities.3.mediaType')).to.not.equal(undefined);
    expect(error.message).to.match(/^activities\.3\.mediaType/);
    expect(await store.isEmpty()).to.equal(true);

    const badPhone = await rejection(
      store.importData({ customers: [customer(0), { ...customer(1), dataElements: { Context_Mobile_Phone: 'not a phone' } }] }),
    );
    expect((badPhone as InvalidInputError).issueAt('customers.1.dataElements.Context_Mobile_Phone')).to.not.equal(undefined);
    expect(await store.isEmpty()).to.equal(true);
  });

  it('refuses references to customers in neither the import nor the store, and duplicate ids', async () => {
    const store = await openStore();
    const dangling = await rejection(store.importData({ customers: [customer(0)], activities: [activity(0), activity(1, 'ghost')] }));
    expect((dangling as InvalidInputError).issueAt('activities.1.customerId')?.message).to.match(/ghost/);
    expect(await store.isEmpty()).to.equal(true);

    const twice = await rejection(store.importData({ customers: [customer(0), customer(0)] }));
    expect((twice as InvalidInputError).issueAt('customers.1.id')).to.not.equal(undefined);

    await store.importData({ customers: [customer(0)] });
    expect(await store.importData({ activities: [activity(0)] })).to.deep.equal({ customers: 0, requests: 0, activities: 1, merges: 0 });
  });

  it('refuses what is not an export, and a later version of the format', async () => {
    const store = await openStore();
    expect(await rejection(store.importData('hello'))).to.be.instanceOf(InvalidInputError);
    const later = (await rejection(store.importData({ format: 'customer-context', version: 3 }))) as InvalidInputError;
    expect(later.issueAt('version')?.message).to.match(/Version 3 is not supported; this store reads versions 1 and 2/);
    expect(((await rejection(store.importData({ activities: {} }))) as InvalidInputError).issueAt('activities')).to.not.equal(undefined);
  });

  it('reports progress for each phase with counts that only grow, ending at the total', async () => {
    const store = await openStore();
    const activities = Array.from({ length: 12_000 }, (_, index) => activity(index));
    const progress: TransferProgress[] = [];
    await store.importData({ customers: [customer(0)], activities }, { onProgress: (step) => progress.push(step) });
    const phases = [...new Set(progress.map((step) => step.phase))];
    expect(phases).to.deep.equal(['validating', 'writing']);
    for (const phase of phases) {
      const steps = progress.filter((step) => step.phase === phase);
      expect(steps.length, phase).to.be.greaterThan(2);
      expect(steps.every((step, index) => index === 0 || step.done >= steps[index - 1]!.done), phase).to.equal(true);
      expect(steps.at(-1)).to.deep.equal({ phase, done: 12_001, total: 12_001 });
    }

    const reading: TransferProgress[] = [];
    const exported = await store.exportData({ onProgress: (step) => reading.push(step) });
    expect(exported.activities).to.have.length(12_000);
    expect(reading.at(-1)).to.deep.equal({ phase: 'reading', done: 12_001, total: 12_001 });
    expect(reading.every((step) => step.phase === 'reading')).to.equal(true);
  });

  it('stops an import when its signal aborts, storing nothing', async () => {
    const store = await openStore();
    const controller = new AbortController();
    const activities = Array.from({ length: 20_000 }, (_, index) => activity(index));
    const pending = store.importData(
      { customers: [customer(0)], activities },
      {
        signal: controller.signal,
        onProgress: (step) => {
          if (step.phase === 'writing' && step.done > 0) controller.abort();
        },
      },
    );
    expect(await rejection(pending)).to.be.instanceOf(AbortedError);
    // The import answers at once; its transaction may still be rolling back the puts it had queued,
    // and the read waits behind that: on a busy machine it gets the most a store allows.
    expect(await store.isEmpty({ timeoutMs: 15_000 })).to.equal(true);
  });

  it('normalises or refuses activities that are not exactly in stored form, as the schema does', async () => {
    const store = await openStore();
    await store.importData({
      customers: [customer(0)],
      activities: [
        { ...activity(0), created: '2026-03-01T10:00:00+02:00', lastUpdated: '2026-03-01T10:00:00.5+02:00' },
        { ...activity(1), title: '  Padded title  ', tags: [' warranty '] },
      ],
    });
    expect(await store.getActivity('act-0')).to.include({ created: '2026-03-01T08:00:00.000Z', lastUpdated: '2026-03-01T08:00:00.500Z' });
    expect(await store.getActivity('act-1')).to.deep.include({ title: 'Padded title', tags: ['warranty'] });

    const refusals: [Record<string, unknown>, string][] = [
      [{ created: '2026-02-29T00:00:00.000Z' }, 'created'],
      [{ lastUpdated: '2026-13-01T00:00:00.000Z' }, 'lastUpdated'],
      [{ version: 0 }, 'version'],
      [{ tags: ['VIP', 'vip'] }, 'tags'],
      [{ title: '   ' }, 'title'],
      [{ direction: 'sideways' }, 'direction'],
      [{ dataElements: { Context_Notes: 'x'.repeat(2001) } }, 'dataElements.Context_Notes'],
      [{ contributors: [{ type: 'robot', id: 'x' }] }, 'contributors.0.type'],
      [{ surprise: true }, ''],
    ];
    for (const [change, path] of refusals) {
      const error = (await rejection(store.importData({ activities: [{ ...activity(9), ...change }] }))) as InvalidInputError;
      expect(
        error.issues.some((issue) => issue.path === `activities.0${path ? `.${path}` : ''}`),
        `${JSON.stringify(change)}: ${error.message}`,
      ).to.equal(true);
    }
    expect(await rejection(store.getActivity('act-9'))).to.be.instanceOf(NotFoundError);
  });

  it('accepts and stores generated activities exactly as the activity schema reads them', async () => {
    const phone = await loadPhoneNormaliser('US');
    // Mostly valid values, so that whole records often pass and the accepting side is exercised too.
    const mostly = <T,>(valid: T, ...others: T[]) => fc.oneof({ arbitrary: fc.constant(valid), weight: 6 * others.length }, ...others.map((other) => ({ arbitrary: fc.constant(other), weight: 1 })));
    const text = mostly('Call', ' Call', 'Call ', '', 'x'.repeat(200), 'x'.repeat(201), 'Über');
    const instant = mostly(
      '2026-03-01T09:00:00.000Z',
      '2024-02-29T23:59:59.999Z',
      '2025-02-29T00:00:00.000Z',
      '2026-03-01T09:00:00Z',
      '2026-03-01T09:00:00.000+01:00',
      '2026-03-01T24:00:00.000Z',
      'yesterday',
    );
    const record = fc.record(
      {
        id: mostly('a1', 'a.b:c-d_e', '-bad', 'has space', 'x'.repeat(129)),
        customerId: mostly('cust-0', 'bad id'),
        mediaType: mostly('voice', 'sms', 'fax'),
        direction: mostly('inbound', 'outbound', 'up'),
        state: mostly('active', 'closed', 'open'),
        title: text,
        message: text,
        source: text,
        breadcrumbs: fc.array(text, { maxLength: 3 }),
        tags: fc.array(fc.constantFrom('vip', 'VIP', ' x', 'warranty'), { maxLength: 3 }),
        contributors: fc.array(fc.record({ type: mostly('user', 'machine', 'bot'), id: text }), { maxLength: 2 }),
        fieldsets: mostly(['cisco.base.pod'], [], ['']),
        dataElements: mostly<Record<string, unknown>>({}, { Context_Notes: 'n' }, { Context_Notes: Number.NaN }, { '': 'x' }),
        created: instant,
        lastUpdated: instant,
        version: mostly(1, 2, 0, 1.5),
      },
      { requiredKeys: ['id', 'mediaType', 'direction', 'state', 'title', 'tags', 'contributors', 'fieldsets', 'dataElements', 'created', 'lastUpdated', 'version'] },
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(record, async (raw) => {
        const expected = z.safeParse(activitySchema, raw);
        let imported: unknown;
        try {
          imported = (await validateImport({ activities: [raw] }, { phone })).activities[0];
        } catch (error) {
          if (!(error instanceof InvalidInputError)) throw error;
          imported = undefined;
        }
        if (!expected.success) expect(imported, JSON.stringify(raw)).to.equal(undefined);
        else {
          expect(imported, JSON.stringify(raw)).to.deep.equal(expected.data);
          accepted += 1;
        }
      }),
      { numRuns: 400 },
    );
    expect(accepted).to.be.greaterThan(20);
  });
});

describe('export and import: merges', () => {
  const SAM = { type: 'user', id: 'sup-1', name: 'Sam' } as const;

  /** Jordan Ellis, and a duplicate "J. Ellis" with a journey of their own, merged into Jordan by Sam. */
  async function mergedStore() {
    const store = await openStore();
    const jordan = await store.createCustomer({ id: 'jordan', dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis' } });
    const duplicate = await store.createCustomer({
      id: 'j-ellis',
      dataElements: { Context_First_Name: 'J.', Context_Last_Name: 'Ellis', Context_Home_Phone: '+14085550199' },
    });
    const call = await store.createActivity({ customerId: duplicate.id, mediaType: 'voice', title: 'Call about P0562' });
    const kept = await store.customerMerging.mergeCustomers(jordan.id, duplicate.id, { keptVersion: 1, mergedVersion: 1, contributor: SAM });
    return { store, jordan, duplicate, call, kept };
  }

  it('an export carries the merges, and after its import into an empty store the merged id still leads to the kept customer', async () => {
    const { store, duplicate, call, kept } = await mergedStore();
    const exported = await store.exportData();
    expect(exported.merges).to.have.length(1);
    expect(exported.merges?.[0]).to.include({ keptId: 'jordan', mergedId: 'j-ellis' });
    expect(exported.merges?.[0]?.mergedBy).to.deep.equal(SAM);

    const target = await openStore();
    const summary = await target.importData(JSON.parse(JSON.stringify(exported)) as unknown);
    expect(summary).to.deep.equal({ customers: 1, requests: 0, activities: 2, merges: 1 });
    expect(await target.getCustomer(duplicate.id)).to.deep.equal(kept);
    expect((await target.findCustomers(duplicate.id)).map((match) => match.customer.id)).to.deep.equal(['jordan']);
    expect((await target.findCustomers('(408) 555-0199')).map((match) => match.customer.id)).to.deep.equal(['jordan']);
    const journey = (await target.listActivities('jordan')).activities;
    expect(journey.map((activity) => activity.id)).to.include(call.id);
    const record = journey.find((activity) => activity.tags.includes('customer-merge'));
    expect(record?.message).to.include('merged customer j-ellis into this customer');
    const again = await target.exportData();
    expect({ ...again, exportedAt: exported.exportedAt }).to.deep.equal(exported);
  });

  it('follows merges of merges in one file to the last kept customer', async () => {
    const store = await openStore();
    await store.importData({
      format: 'customer-context',
      version: 2,
      customers: [customer(0)],
      merges: [
        { keptId: 'middle', mergedId: 'first', mergedAt: CREATED },
        { keptId: 'cust-0', mergedId: 'middle', mergedAt: CREATED },
      ],
    });
    expect((await store.getCustomer('first')).id).to.equal('cust-0');
    expect((await store.getCustomer('middle')).id).to.equal('cust-0');
    expect((await store.exportData()).merges?.map((merge) => merge.keptId)).to.deep.equal(['cust-0', 'cust-0']);
  });

  it('refuses bad merges naming each one’s path and field, and stores nothing', async () => {
    const store = await openStore();
    const file = (merges: unknown) => ({ format: 'customer-context', version: 2, customers: [customer(0), customer(1)], merges });
    const bad = (await rejection(
      store.importData(
        file([
          { keptId: 'cust-0', mergedId: 'gone-1', mergedAt: 'yesterday' },
          { keptId: 'cust-0', mergedId: 'gone-2', mergedAt: CREATED, note: 'hello' },
          { keptId: 'cust-0', mergedAt: CREATED },
          { keptId: 'cust-0', mergedId: 'cust-1', mergedAt: CREATED },
          { keptId: 'cust-0', mergedId: 'cust-0', mergedAt: CREATED },
          { keptId: 'cust-0', mergedId: 'gone-3', mergedAt: CREATED, mergedBy: { type: 'robot', id: 'r' } },
        ]),
      ),
    )) as InvalidInputError;
    expect(bad).to.be.instanceOf(InvalidInputError);
    expect(bad.issueAt('merges.0.mergedAt')).to.not.equal(undefined);
    expect(bad.issueAt('merges.1.note')?.message).to.equal('Unknown property "note"');
    expect(bad.issueAt('merges.2.mergedId')).to.not.equal(undefined);
    expect(bad.issueAt('merges.3.mergedId')?.message).to.match(/cust-1.*customers\.1/);
    expect(bad.issueAt('merges.4.keptId')?.message).to.match(/itself/);
    expect(bad.issueAt('merges.5.mergedBy.type')).to.not.equal(undefined);
    expect(await store.isEmpty()).to.equal(true);
    expect((await store.exportData()).merges).to.deep.equal([]);

    const dangling = (await rejection(store.importData(file([{ keptId: 'ghost', mergedId: 'gone', mergedAt: CREATED }])))) as InvalidInputError;
    expect(dangling.issueAt('merges.0.keptId')?.message).to.match(/No customer with id "ghost"/);
    const twice = (await rejection(
      store.importData(file([{ keptId: 'cust-0', mergedId: 'gone', mergedAt: CREATED }, { keptId: 'cust-1', mergedId: 'gone', mergedAt: CREATED }])),
    )) as InvalidInputError;
    expect(twice.issueAt('merges.1.mergedId')?.message).to.match(/merges\.0/);
    const loop = (await rejection(
      store.importData(file([{ keptId: 'b', mergedId: 'a', mergedAt: CREATED }, { keptId: 'a', mergedId: 'b', mergedAt: CREATED }])),
    )) as InvalidInputError;
    expect(loop.issueAt('merges.0.keptId')?.message).to.match(/lead back/);
    expect(((await rejection(store.importData({ merges: {} }))) as InvalidInputError).issueAt('merges')?.message).to.equal('Must be a list');
    const old = (await rejection(store.importData({ format: 'customer-context', version: 1, merges: [] }))) as InvalidInputError;
    expect(old.issueAt('merges')?.message).to.match(/Version 1 has no merges/);
    expect(await store.isEmpty()).to.equal(true);

    await store.importData({ customers: [customer(0), customer(1)] });
    const stored = (await rejection(store.importData({ version: 2, merges: [{ keptId: 'cust-0', mergedId: 'cust-1', mergedAt: CREATED }] }))) as InvalidInputError;
    expect(stored.issueAt('merges.0.mergedId')?.message).to.match(/"cust-1" is in the store/);
    expect((await store.getCustomer('cust-1')).id).to.equal('cust-1');
  });

  it('reads an export of version 1, which has no merges, as it is', async () => {
    const store = await openStore();
    const summary = await store.importData({ format: 'customer-context', version: 1, exportedAt: CREATED, customers: [customer(0)], requests: [], activities: [activity(0)] });
    expect(summary).to.deep.equal({ customers: 1, requests: 0, activities: 1, merges: 0 });
    expect((await store.exportData()).merges).to.deep.equal([]);
  });
});
