import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/customer-context/customer-context.js';
import type { CcCustomerContext } from '../../src/components/customer-context/customer-context.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import { startFinesseBridge } from '../../src/finesse/bridge.js';
import { RECORDED_CALL_TAG, recordedCallActivityId } from '../../src/finesse/recorded-call.js';
import { SimulatedFinesseHost } from '../../src/finesse/simulated-host.js';
import type { Activity } from '../../src/model/index.js';

const JORDAN = '+14085550142';
const opened: string[] = [];
const stops: (() => void)[] = [];

async function demoStore(): Promise<BuiltInStore> {
  const databaseName = `cc-test-record-calls-${crypto.randomUUID()}`;
  const store = await BuiltInStore.open({ databaseName, timeoutMs: 15_000 });
  opened.push(databaseName);
  await seedDemoJourney(store, new Date(2026, 10, 20, 11, 0));
  return store;
}

/** A desktop: the gadget on `store`, a simulated Finesse host with these URL settings, and the bridge. */
async function desktop(store: BuiltInStore, urlParameters: Record<string, string>) {
  const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store}></cc-customer-context>`);
  await waitUntil(() => gadget.shadowRoot!.querySelector('cc-customer-search'), 'Expected the gadget to mount');
  const host = new SimulatedFinesseHost({ urlParameters });
  const logs: string[] = [];
  const recorded: Promise<unknown>[] = [];
  const recordCall = gadget.recordCall.bind(gadget);
  gadget.recordCall = (call) => {
    const outcome = recordCall(call);
    recorded.push(outcome);
    return outcome;
  };
  stops.push(startFinesseBridge(gadget, { finesse: host.finesse, gadgets: host.gadgets, log: (line) => logs.push(line) }));
  await aTimeout(0);
  return { gadget, host, logs, recorded };
}

async function recordedCalls(store: BuiltInStore, customerId: string): Promise<Activity[]> {
  const { activities } = await store.listActivities(customerId, { pageSize: 100 });
  return activities.filter((activity) => activity.tags.includes(RECORDED_CALL_TAG));
}

describe('record-calls: one voice activity per call the desktop sees', () => {
  afterEach(async () => {
    for (const stop of stops.splice(0)) stop();
    for (const name of opened.splice(0)) await BuiltInStore.deleteDatabase(name);
  });

  it('records an answered call in its caller’s journey once it ends: direction, number, start, duration, queue and wrap-up', async () => {
    const store = await demoStore();
    const { host, recorded } = await desktop(store, { 'record-calls': 'true' });
    const call = host.ring({ from: JORDAN, callVariables: { wrapUpReason: 'Loaner arranged' } });
    host.answer(call);
    expect(recorded, 'nothing recorded before the call ends').to.have.length(0);
    host.drop(call);
    await waitUntil(() => recorded.length === 1, 'the call recorded');
    expect(await recorded[0]).to.equal('recorded');
    const [activity, ...more] = await recordedCalls(store, DEMO_IDS.jordan);
    expect(more).to.have.length(0);
    expect(activity).to.deep.include({
      id: await recordedCallActivityId(call.getId()),
      mediaType: 'voice',
      direction: 'inbound',
      state: 'closed',
      title: `Call from ${JORDAN}`,
      source: 'Finesse',
    });
    expect(activity!.message!.split('\n')).to.deep.equal(['Duration 0:00', 'Queue: Service', 'Wrap-up: Loaner arranged']);
  });

  it('records a call seen by two desktops (a transfer, a conference) once', async () => {
    const store = await demoStore();
    const first = await desktop(store, { 'record-calls': 'true' });
    const second = await desktop(store, { 'record-calls': 'true' });
    for (const { host } of [first, second]) {
      const call = host.ring({ from: JORDAN });
      host.answer(call);
      host.drop(call);
    }
    await waitUntil(() => first.recorded.length === 1 && second.recorded.length === 1, 'both desktops done');
    expect((await Promise.all([...first.recorded, ...second.recorded])).sort()).to.deep.equal(['already', 'recorded']);
    expect(await recordedCalls(store, DEMO_IDS.jordan)).to.have.length(1);
  });

  it('records an outbound call to the number called, and the customer of a POD.ID before the number', async () => {
    const store = await demoStore();
    const { host, recorded } = await desktop(store, { 'record-calls': 'true' });
    const outbound = host.ring({ callType: 'OUT', to: '+1 (650) 555-0199' });
    host.answer(outbound);
    host.drop(outbound);
    // Morgan's number, but the POD.ID names an activity of Jordan's: the POD.ID wins, as for the screen-pop.
    const withPod = host.ring({ from: '+16505550199', callVariables: { 'POD.ID': DEMO_IDS.sundayChat } });
    host.answer(withPod);
    host.drop(withPod);
    await waitUntil(() => recorded.length === 2, 'both calls recorded');
    await Promise.all(recorded);
    const morgan = await recordedCalls(store, DEMO_IDS.morgan);
    expect(morgan.map((activity) => [activity.direction, activity.title])).to.deep.equal([['outbound', 'Call to +1 (650) 555-0199']]);
    const jordan = await recordedCalls(store, DEMO_IDS.jordan);
    expect(jordan.map((activity) => activity.title)).to.deep.equal(['Call from +16505550199']);
  });

  it('records nothing without the setting, for a call never answered, or for a caller nobody knows (and says so)', async () => {
    const store = await demoStore();
    const off = await desktop(store, {});
    const call = off.host.ring({ from: JORDAN });
    off.host.answer(call);
    off.host.drop(call);
    const on = await desktop(store, { 'record-calls': 'true' });
    const missed = on.host.ring({ from: JORDAN });
    on.host.drop(missed);
    const stranger = on.host.ring({ from: '+14155550100' });
    on.host.answer(stranger);
    on.host.drop(stranger);
    await waitUntil(() => on.recorded.length === 1, 'the stranger’s call looked up');
    expect(await on.recorded[0]).to.equal('no-customer');
    await waitUntil(() => on.logs.some((line) => line.includes('+14155550100 was not recorded')), 'a log line for the unknown caller');
    expect(off.recorded).to.have.length(0);
    expect(await recordedCalls(store, DEMO_IDS.jordan)).to.have.length(0);
  });
});
