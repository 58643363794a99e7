import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { setViewport } from '@web/test-runner-commands';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/customer-context/customer-context.js';
import type { CcCustomerContext } from '../../src/components/customer-context/customer-context.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import { readSettings, startFinesseBridge, type BridgeGadget } from '../../src/finesse/bridge.js';
import { SimulatedFinesseHost, type FinesseVersion, type SimulatedHostOptions } from '../../src/finesse/simulated-host.js';
import { setLocale } from '../../src/localization.js';
import { allByRole, nameOf, queryByRole } from '../support/roles.js';
import { FakeClock } from '../diagnostics/fake-clock.js';

const opened: { store: BuiltInStore; databaseName: string }[] = [];
const stops: (() => void)[] = [];

const JORDAN = '+14085550142';
const MORGAN = '+16505550199';
const SUNDAY_CHAT_TITLE = 'Is Santa Clara open on Sundays?';

async function demoStore(): Promise<BuiltInStore> {
  const databaseName = `cc-test-finesse-bridge-${crypto.randomUUID()}`;
  const store = await BuiltInStore.open({ databaseName, timeoutMs: 15_000 });
  opened.push({ store, databaseName });
  await seedDemoJourney(store, new Date(2026, 10, 20, 11, 0));
  return store;
}

interface Calls {
  readonly showActivity: string[];
  readonly lookup: string[];
}

/** The gadget on the demo journey, a simulated desktop, and the bridge between them, with the gadget's calls recorded. */
async function setUp(hostOptions: SimulatedHostOptions = {}, podIdKeys?: readonly string[]) {
  const store = await demoStore();
  const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store}></cc-customer-context>`);
  await waitUntil(() => gadget.shadowRoot!.querySelector('cc-customer-search'), 'Expected the gadget to mount');
  const host = new SimulatedFinesseHost(hostOptions);
  const calls: Calls = { showActivity: [], lookup: [] };
  const showActivity = gadget.showActivity.bind(gadget);
  const lookup = gadget.lookup.bind(gadget);
  gadget.showActivity = (id: string) => {
    calls.showActivity.push(id);
    return showActivity(id);
  };
  gadget.lookup = (query: string) => {
    calls.lookup.push(query);
    return lookup(query);
  };
  const logs: string[] = [];
  // The status line's clock, half a minute before 11:00: no real half hour can write one into a test.
  const clock = new FakeClock(new Date(2026, 10, 20, 10, 59, 30).getTime());
  const stop = startFinesseBridge(gadget, { finesse: host.finesse, gadgets: host.gadgets, clock, log: (line) => logs.push(line), ...(podIdKeys ? { podIdKeys } : {}) });
  stops.push(stop);
  // The simulated desktop loads the agent after a microtask, as finesse.js does over REST.
  await aTimeout(0);
  return { store, gadget, host, calls, logs, stop, clock };
}

function timelineOf(gadget: CcCustomerContext) {
  return gadget.shadowRoot!.querySelector('cc-journey-timeline');
}

async function untilActivityInView(gadget: CcCustomerContext, title: string): Promise<void> {
  await waitUntil(
    () =>
      [...(timelineOf(gadget)?.shadowRoot?.querySelectorAll<HTMLButtonElement>('button.toggle') ?? [])].some(
        (button) => button.textContent?.includes(title) && button.getAttribute('aria-expanded') === 'true',
      ),
    `Expected "${title}" open in the journey`
  );
}

async function untilCustomer(gadget: CcCustomerContext, customerId: string): Promise<void> {
  await waitUntil(() => gadget.customerId === customerId, `Expected customer ${customerId} to open`);
}

function searchText(gadget: CcCustomerContext): string {
  return gadget.shadowRoot!.querySelector('cc-customer-search')?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
}

describe('startFinesseBridge', () => {
  // The journey's virtual list renders only the rows inside the window: make the gadget fit.
  before(async () => {
    await setViewport({ width: 1280, height: 1600 });
  });

  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  after(async () => {
    for (const { store, databaseName } of opened.splice(0)) {
      store.close();
      await BuiltInStore.deleteDatabase(databaseName);
    }
  });

  describe('start-up', () => {
    for (const version of ['11.x', '12.x'] as const) {
      it(`initialises the client services with the gadget configuration (${version})`, async () => {
        const { gadget, host, logs } = await setUp({ version });
        expect(host.inits).to.deep.equal([host.finesse.gadget!.Config]);
        expect(gadget.previousElementSibling).to.equal(null);
        expect(logs).to.deep.equal([]);
      });
    }

    it('says clearly on a Finesse 10.5 desktop (no finesse.gadget) that calls do not reach the gadget, which still works by hand', async () => {
      const { gadget, host, calls, logs } = await setUp({ version: '10.5' });
      expect(host.inits).to.deep.equal([]);
      const notice = gadget.previousElementSibling;
      expect(notice?.getAttribute('role')).to.equal('status');
      expect(notice?.textContent).to.equal('This Finesse desktop does not give the gadget its calls (it needs Finesse 11.0 or later). Look customers up by name or number.');
      expect(logs.some((line) => line.includes('Config object contains invalid properties.'))).to.be.true;
      host.ring({ from: JORDAN });
      await aTimeout(50);
      expect(calls.lookup).to.deep.equal([]);
      // The gadget itself works: a search by hand finds Jordan.
      await gadget.lookup(JORDAN);
      await untilCustomer(gadget, DEMO_IDS.jordan);
      await waitUntil(() => host.heightAdjustments > 0, 'Expected the height fitted');
    });

    it('writes what it refuses or fails at to the desktop’s client log too, where support collects it', async () => {
      const { host, logs } = await setUp({ hub: false });
      expect(host.clientLog).to.deep.equal([]);
      const withHub = await setUp();
      withHub.host.ring({ from: 'anonymous' });
      await waitUntil(() => withHub.logs.length > 0, 'Expected a refusal');
      expect(withHub.host.clientLog).to.deep.equal(withHub.logs.map((line) => `CustomerContext : ${line}`));
      expect(logs.length).to.be.greaterThan(0);
    });

    it('gives the same message when the desktop gives no credentials, which ClientServices refuses', async () => {
      const { gadget, host } = await setUp({ authorization: null });
      expect(host.inits).to.deep.equal([]);
      expect(gadget.previousElementSibling?.textContent).to.contain('does not give the gadget its calls');
    });

    it('takes the notice away when it stops', async () => {
      const { gadget, stop } = await setUp({ version: '10.5' });
      const parent = gadget.parentElement!;
      expect(parent.querySelector('p[role="status"]')).to.exist;
      stop();
      expect(parent.querySelector('p[role="status"]')).to.equal(null);
    });

    it('does nothing without finesse.js', async () => {
      const gadget = document.createElement('div') as unknown as Parameters<typeof startFinesseBridge>[0];
      const stop = startFinesseBridge(gadget, { finesse: undefined, gadgets: undefined });
      expect(stop).to.be.a('function');
      stop();
    });
  });

  describe('calls', () => {
    it('opens Jordan at the Sunday chat for a ring with its POD.ID', async () => {
      const { gadget, host, calls } = await setUp();
      host.ring({ from: JORDAN, callVariables: { 'POD.ID': DEMO_IDS.sundayChat } });
      await untilCustomer(gadget, DEMO_IDS.jordan);
      await untilActivityInView(gadget, SUNDAY_CHAT_TITLE);
      expect(calls.showActivity).to.deep.equal([DEMO_IDS.sundayChat]);
      expect(calls.lookup).to.deep.equal([]);
    });

    it('reads the expanded call variable user.POD.ID too', async () => {
      const { gadget, host, calls } = await setUp();
      host.ring({ from: JORDAN, callVariables: { 'user.POD.ID': DEMO_IDS.sundayChat } });
      await untilActivityInView(gadget, SUNDAY_CHAT_TITLE);
      expect(calls.showActivity).to.deep.equal([DEMO_IDS.sundayChat]);
    });

    it('reads a configured key', async () => {
      const { gadget, host, calls } = await setUp({}, ['callVariable3']);
      host.ring({ from: JORDAN, callVariables: { callVariable3: DEMO_IDS.sundayChat, 'POD.ID': DEMO_IDS.bookingCall } });
      await untilActivityInView(gadget, SUNDAY_CHAT_TITLE);
      expect(calls.showActivity).to.deep.equal([DEMO_IDS.sundayChat]);
    });

    it('reads the key named by the gadget URL before the defaults', async () => {
      const { gadget, host, calls } = await setUp({ urlParameters: { 'pod-id-key': 'user.Context_POD' } });
      host.ring({ from: JORDAN, callVariables: { 'user.Context_POD': DEMO_IDS.sundayChat } });
      await untilActivityInView(gadget, SUNDAY_CHAT_TITLE);
      expect(calls.showActivity).to.deep.equal([DEMO_IDS.sundayChat]);
    });

    it('looks the caller up by number when no POD.ID comes', async () => {
      const { gadget, host, calls } = await setUp();
      host.ring({ from: JORDAN });
      await untilCustomer(gadget, DEMO_IDS.jordan);
      expect(calls.showActivity).to.deep.equal([]);
      expect(calls.lookup).to.deep.equal([JORDAN]);
    });

    it('ignores a malformed POD.ID with a logged reason and looks the caller up', async () => {
      const { gadget, host, calls, logs } = await setUp();
      host.ring({ from: JORDAN, callVariables: { 'POD.ID': '<script>alert(1)</script>' } });
      await untilCustomer(gadget, DEMO_IDS.jordan);
      expect(calls.showActivity).to.deep.equal([]);
      expect(calls.lookup).to.deep.equal([JORDAN]);
      expect(logs.some((line) => line.includes('POD.ID') && line.includes('cannot have'))).to.be.true;
    });

    it('falls back to the number when the POD.ID names no activity', async () => {
      const { gadget, host, calls, logs } = await setUp();
      const missing = '0c5a7e10-4d2b-4f6a-9c31-00000000dead';
      host.ring({ from: JORDAN, callVariables: { 'POD.ID': missing } });
      await untilCustomer(gadget, DEMO_IDS.jordan);
      expect(calls.showActivity).to.deep.equal([missing]);
      expect(calls.lookup).to.deep.equal([JORDAN]);
      expect(logs.some((line) => line.includes(missing))).to.be.true;
      host.answer();
      await aTimeout(50);
      expect(calls.showActivity).to.deep.equal([missing]);
      expect(calls.lookup).to.deep.equal([JORDAN]);
    });

    it('lets the POD.ID win over a number that belongs to another customer', async () => {
      const { gadget, host, calls } = await setUp();
      host.ring({ from: MORGAN, callVariables: { 'POD.ID': DEMO_IDS.sundayChat } });
      await untilActivityInView(gadget, SUNDAY_CHAT_TITLE);
      expect(gadget.customerId).to.equal(DEMO_IDS.jordan);
      expect(calls.lookup).to.deep.equal([]);
    });

    it('offers to create a customer for an unknown number', async () => {
      const { gadget, host } = await setUp();
      host.ring({ from: '+1 408 555 0100' });
      await waitUntil(() => searchText(gadget).includes('Create customer'), 'Expected the empty state');
      expect(gadget.customerId).to.equal('');
    });

    for (const answers of ['as the next call rings', 'while the activity is read', 'once the customer is shown'] as const) {
    it(`keeps the customer a later call’s POD.ID opened when the earlier caller’s lookup answers after it, ${answers}`, async () => {
      const { gadget, host, store, calls } = await setUp();
      // The store answers the unknown caller's lookup only when let go.
      let letGo!: () => void;
      const held = new Promise<void>((resolve) => (letGo = resolve));
      const find = store.findCustomers.bind(store);
      let answered: Promise<unknown> | undefined;
      store.findCustomers = (...args: Parameters<BuiltInStore['findCustomers']>) => {
        const answer = held.then(() => find(...args));
        answered ??= answer;
        return answer;
      };
      host.ring({ from: '+1 408 555 0100' });
      await waitUntil(() => answered !== undefined, 'Expected the unknown caller looked up');
      host.drop();
      host.ring({ from: JORDAN, callVariables: { 'POD.ID': DEMO_IDS.sundayChat } });
      if (answers === 'as the next call rings') letGo();
      if (answers === 'while the activity is read') {
        await waitUntil(() => calls.showActivity.length === 1, 'Expected the POD.ID followed');
        letGo();
      }
      await untilActivityInView(gadget, SUNDAY_CHAT_TITLE);
      letGo();
      // Answered, or (as the search gives way) aborted.
      await answered!.catch(() => undefined);
      const search = gadget.shadowRoot!.querySelector('cc-customer-search')!;
      await search.updateComplete;
      await gadget.updateComplete;
      expect(calls.lookup).to.deep.equal(['+1 408 555 0100']);
      expect(gadget.customerId).to.equal(DEMO_IDS.jordan);
      expect(queryByRole(gadget, 'heading', 'Jordan Ellis')).to.exist;
      expect(search.shadowRoot!.textContent).not.to.include('No customer matches');
      expect(queryByRole(search, 'button', 'Create customer')).to.equal(undefined);
    });
    }

    it('takes the previous caller off the screen when the next call is from an unknown number', async () => {
      const { gadget, host } = await setUp();
      host.ring({ from: JORDAN });
      await untilCustomer(gadget, DEMO_IDS.jordan);
      await waitUntil(() => queryByRole(gadget, 'heading', 'Jordan Ellis'), 'Expected Jordan Ellis’s summary');
      await waitUntil(() => queryByRole(gadget, 'list', 'Activities, newest first'), 'Expected Jordan’s journey');
      host.drop();
      host.ring({ from: '+1 408 555 0100' });
      await waitUntil(() => gadget.shadowRoot!.querySelector('cc-customer-search'), 'Expected the search part');
      const search = gadget.shadowRoot!.querySelector('cc-customer-search')!;
      await waitUntil(
        () => allByRole(search, 'status').some((status) => nameOf(status) === 'No customer matches “+1 408 555 0100”'),
        'Expected the search to say no match',
      );
      await waitUntil(() => !queryByRole(gadget, 'heading', 'Jordan Ellis'), 'Expected Jordan’s summary gone');
      expect(queryByRole(gadget, 'list', 'Activities, newest first')).to.equal(undefined);
      expect(queryByRole(gadget, 'button', 'Add a note')).to.equal(undefined);
      expect(gadget.customerId).to.equal('');
      expect(gadget.shadowRoot!.textContent).to.include('No customer is open.');
      expect(queryByRole(search, 'button', 'Create customer')).to.exist;
      await expect(gadget).to.be.accessible();

      // The next call's POD.ID opens Jordan again: the search's "no match" gives way to them.
      host.drop();
      host.ring({ from: JORDAN, callVariables: { 'POD.ID': DEMO_IDS.sundayChat } });
      await untilActivityInView(gadget, SUNDAY_CHAT_TITLE);
      await waitUntil(() => !queryByRole(search, 'button', 'Create customer'), 'Expected the offer to create gone');
      expect(search.shadowRoot!.textContent).not.to.include('No customer matches');
      expect(search.shadowRoot!.querySelector('[part="current"]')?.textContent?.trim()).to.equal('Showing Jordan Ellis');
    });

    for (const from of ['(408) 555-0142', '4085550142', '+1.408.555.0142']) {
      it(`finds the caller from a number written ${from}`, async () => {
        const { gadget, host } = await setUp();
        host.ring({ from });
        await untilCustomer(gadget, DEMO_IDS.jordan);
      });
    }

    it('ignores a caller number that is not a number', async () => {
      const { host, calls, logs } = await setUp();
      host.ring({ from: 'anonymous' });
      await aTimeout(50);
      host.answer();
      await aTimeout(50);
      expect(calls.lookup).to.deep.equal([]);
      expect(logs.filter((line) => line.includes('not a phone number'))).to.have.length(1);
    });

    it('reads call variables that came empty again on the next change', async () => {
      const { gadget, host, calls } = await setUp();
      const dialog = host.ring({ callVariables: { 'POD.ID': '' } });
      await aTimeout(50);
      expect(calls.showActivity).to.deep.equal([]);
      dialog.setCallVariables({ 'POD.ID': DEMO_IDS.sundayChat });
      await untilActivityInView(gadget, SUNDAY_CHAT_TITLE);
      expect(calls.showActivity).to.deep.equal([DEMO_IDS.sundayChat]);
    });

    it('moves from the number to the POD.ID once it arrives, and shows each only once', async () => {
      const { gadget, host, calls } = await setUp();
      const dialog = host.ring({ from: JORDAN });
      await untilCustomer(gadget, DEMO_IDS.jordan);
      dialog.setCallVariables({ 'user.POD.ID': DEMO_IDS.sundayChat });
      await untilActivityInView(gadget, SUNDAY_CHAT_TITLE);
      host.answer();
      await aTimeout(50);
      expect(calls.lookup).to.deep.equal([JORDAN]);
      expect(calls.showActivity).to.deep.equal([DEMO_IDS.sundayChat]);
    });

    it('ignores supervisor monitoring, consults and conferences', async () => {
      const { host, calls } = await setUp();
      host.ring({ from: JORDAN, callType: 'SUPERVISOR_MONITOR', callVariables: { 'POD.ID': DEMO_IDS.sundayChat } });
      host.ring({ from: JORDAN, callType: 'CONSULT' });
      host.ring({ from: JORDAN, callType: 'CONFERENCE' });
      host.answer();
      await aTimeout(100);
      expect(calls).to.deep.equal({ showActivity: [], lookup: [] });
    });

    it('looks the customer of an outbound call up by the number dialled, not the agent’s own', async () => {
      const { gadget, host, calls } = await setUp();
      host.ring({ from: '1001', to: JORDAN, callType: 'OUT' });
      await untilCustomer(gadget, DEMO_IDS.jordan);
      expect(calls.lookup).to.deep.equal([JORDAN]);
    });

    it('takes the dialled number from the media properties when the dialog has no to address', async () => {
      const { gadget, host, calls } = await setUp();
      host.ring({ from: '1001', callType: 'OUTBOUND', callVariables: { dialedNumber: JORDAN, BACampaign: 'Renewals' } });
      await untilCustomer(gadget, DEMO_IDS.jordan);
      expect(calls.lookup).to.deep.equal([JORDAN]);
    });

    it('reads a POD.ID packed with other values in one variable, by the configured key', async () => {
      const { gadget, host, calls } = await setUp({ urlParameters: { 'pod-id-key': 'ActivityId' } });
      host.ring({ from: MORGAN, callVariables: { 'user.POD.ID': `lang=fr;ActivityId=${DEMO_IDS.sundayChat};queue=Billing` } });
      await untilActivityInView(gadget, SUNDAY_CHAT_TITLE);
      expect(calls.showActivity).to.deep.equal([DEMO_IDS.sundayChat]);
      expect(calls.lookup).to.deep.equal([]);
    });

    it('reads POD.ID=… out of a packed variable by default, and refuses a packed one without it', async () => {
      const { gadget, host, calls, logs } = await setUp();
      host.ring({ from: MORGAN, callVariables: { callVariable5: 'x=1', 'user.POD.ID': `POD.ID=${DEMO_IDS.sundayChat};lang=fr` } });
      await untilActivityInView(gadget, SUNDAY_CHAT_TITLE);
      expect(calls.showActivity).to.deep.equal([DEMO_IDS.sundayChat]);
      host.drop();
      host.ring({ from: JORDAN, callVariables: { 'POD.ID': 'lang=fr;queue=Billing' } });
      await untilCustomer(gadget, DEMO_IDS.jordan);
      expect(calls.showActivity).to.deep.equal([DEMO_IDS.sundayChat]);
      expect(logs.some((line) => line.includes('POD.ID') && line.includes('cannot have'))).to.be.true;
    });

  });

  for (const version of ['11.x', '12.x'] as const satisfies readonly FinesseVersion[]) {
    describe(`what was there before the gadget loaded, and chat tasks (Finesse ${version})`, () => {
      it('looks up a call that was ringing before the gadget loaded', async () => {
        const store = await demoStore();
        const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store}></cc-customer-context>`);
        const host = new SimulatedFinesseHost({ version });
        const ringing = host.ring({ from: MORGAN, callVariables: { 'POD.ID': DEMO_IDS.sundayChat } });
        stops.push(startFinesseBridge(gadget, { finesse: host.finesse, gadgets: host.gadgets, log: () => undefined }));
        await untilActivityInView(gadget, SUNDAY_CHAT_TITLE);
        // Followed like any call: its changes are heard.
        expect(ringing.handlerCount).to.equal(1);
      });

      it('follows a call present at load to its end', async () => {
        const store = await demoStore();
        const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store}></cc-customer-context>`);
        const host = new SimulatedFinesseHost({ version });
        const call = host.ring({ from: JORDAN });
        stops.push(startFinesseBridge(gadget, { finesse: host.finesse, gadgets: host.gadgets, log: () => undefined }));
        await untilCustomer(gadget, DEMO_IDS.jordan);
        host.drop(call);
        expect(call.handlerCount).to.equal(0);
      });

      it('opens the POD.ID of a chat task offered through Task Routing', async () => {
        const { gadget, host, calls } = await setUp({ version });
        const task = host.offerTask({ callVariables: { 'POD.ID': DEMO_IDS.sundayChat } });
        await untilActivityInView(gadget, SUNDAY_CHAT_TITLE);
        expect(calls.showActivity).to.deep.equal([DEMO_IDS.sundayChat]);
        expect(task.handlerCount).to.equal(1);
      });

      it('opens a chat task that was offered before the gadget loaded', async () => {
        const store = await demoStore();
        const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store}></cc-customer-context>`);
        const host = new SimulatedFinesseHost({ version });
        host.offerTask({ callVariables: { 'POD.ID': DEMO_IDS.sundayChat } });
        stops.push(startFinesseBridge(gadget, { finesse: host.finesse, gadgets: host.gadgets, log: () => undefined }));
        await untilActivityInView(gadget, SUNDAY_CHAT_TITLE);
      });
    });
  }

  describe('screen-pop', () => {
    it('activates the gadget tab and raises a toast that stays, once the toaster has the gadget configuration and the client log', async () => {
      const { gadget, host } = await setUp({ version: '12.x' });
      expect(host.toasterInits).to.deep.equal([{ config: host.finesse.gadget!.Config, logger: host.finesse.cslogger!.ClientLogger }]);
      const pop = Object.assign(new Event('cc-screen-pop', { bubbles: true, composed: true }), {
        detail: { activity: { id: DEMO_IDS.proposalSms, title: 'New date proposed' } },
      });
      gadget.dispatchEvent(pop);
      expect(host.activatedTabs).to.equal(1);
      expect(host.toasts).to.have.length(1);
      expect(host.toasts[0]!.title).to.equal('Customer Context');
      expect(host.toasts[0]!.options.body).to.equal('New date proposed');
      expect(host.toasts[0]!.shownForMs).to.be.at.least(5000);
      expect(gadget.previousElementSibling).to.equal(null);
    });

    it('brings the tab forward and raises a toast when a proposal arrives live for the customer in view', async () => {
      const store = await demoStore();
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store} customer-id=${DEMO_IDS.jordan}></cc-customer-context>`);
      await waitUntil(() => gadget.shadowRoot!.querySelector('cc-appointment-pop'), 'Expected the customer');
      const host = new SimulatedFinesseHost();
      stops.push(startFinesseBridge(gadget, { finesse: host.finesse, gadgets: host.gadgets }));
      await store.createActivity({ customerId: DEMO_IDS.jordan, mediaType: 'sms', direction: 'inbound', title: 'New date proposed', message: 'Could we do Tuesday at 4pm instead?' });
      await waitUntil(() => host.toasts.length === 1, 'Expected a toast');
      expect(host.toasts[0]!.options.body).to.equal('New date proposed');
      expect(host.activatedTabs).to.equal(1);
    });

    it('words a toast for a pop without a title in the gadget\'s language', async () => {
      const { gadget, host } = await setUp();
      gadget.dispatchEvent(new CustomEvent('cc-screen-pop', { bubbles: true, composed: true }));
      expect(host.toasts[0]!.options.body).to.equal('A customer needs your attention in Customer Context.');
      await setLocale('fr');
      try {
        gadget.dispatchEvent(new CustomEvent('cc-screen-pop', { bubbles: true, composed: true }));
        expect(host.toasts[1]!.options.body).to.equal('Un client a besoin de votre attention dans Customer Context.');
      } finally {
        await setLocale('en');
      }
    });

    it('activates the tab and says it in the gadget on Finesse 11.x, which has no toaster', async () => {
      const { gadget, host } = await setUp({ version: '11.x' });
      expect(host.finesse.containerservices.FinesseToaster).to.equal(undefined);
      gadget.dispatchEvent(Object.assign(new Event('cc-screen-pop', { bubbles: true, composed: true }), { detail: { activity: { title: 'New date proposed' } } }));
      expect(host.activatedTabs).to.equal(1);
      expect(host.toasts).to.have.length(0);
      const notice = gadget.previousElementSibling;
      expect(notice?.getAttribute('role')).to.equal('status');
      expect(notice?.textContent).to.equal('New date proposed');
      // The next pop replaces the line rather than adding one.
      gadget.dispatchEvent(new CustomEvent('cc-screen-pop', { bubbles: true, composed: true }));
      expect(gadget.parentElement!.querySelectorAll('p[role="status"]')).to.have.length(1);
      expect(gadget.previousElementSibling?.textContent).to.equal('A customer needs your attention in Customer Context.');
    });
  });

  describe('height', () => {
    it('fits the iframe after the gadget changes size and when its tab comes forward', async () => {
      const { gadget, host } = await setUp();
      await waitUntil(() => host.heightAdjustments > 0, 'Expected a first fit');
      const before = host.heightAdjustments;
      gadget.style.display = 'block';
      gadget.style.height = '900px';
      await waitUntil(() => host.heightAdjustments > before, 'Expected a fit after the size change');
      const afterResize = host.heightAdjustments;
      host.hideTab();
      host.activateTab();
      await waitUntil(() => host.heightAdjustments > afterResize, 'Expected a fit on ACTIVE_TAB');
    });

    it('asks which tab is in front after adding its handler, so a tab in front at load hears ACTIVE_TAB once', async () => {
      const { host } = await setUp({ tabVisible: true });
      expect(host.activeTabEvents).to.equal(1);
      host.activateTab();
      expect(host.activeTabEvents).to.equal(1);
    });

    it('hears ACTIVE_TAB when a tab hidden at load comes forward', async () => {
      const { host } = await setUp({ tabVisible: false });
      expect(host.activeTabEvents).to.equal(0);
      host.activateTab();
      expect(host.activeTabEvents).to.equal(1);
    });

    it('still follows calls where gadgets.Hub is missing (no container services), and says why in the log', async () => {
      const { gadget, host, logs } = await setUp({ hub: false });
      expect(logs.some((line) => line.includes('Hub is not defined.'))).to.be.true;
      host.ring({ from: JORDAN });
      await untilCustomer(gadget, DEMO_IDS.jordan);
    });
  });

  describe('settings', () => {
    it('applies timeout, lab mode and theme from the gadget URL', async () => {
      const { gadget } = await setUp({ urlParameters: { timeout: '2500', 'lab-mode': 'true', theme: 'dark' } });
      await gadget.updateComplete;
      expect(gadget.timeout).to.equal(2500);
      expect(gadget.labMode).to.be.true;
      expect(gadget.theme).to.equal('dark');
    });

    it('reads the query of the spec URL the container passes in its url parameter', () => {
      const host = new SimulatedFinesseHost({ urlParameters: { url: 'https://finesse.example.com/3rdpartygadget/files/customer-context/ContextService.xml?timeout=1800&pod-id-key=user.POD' } });
      expect(readSettings(host.gadgets, () => undefined)).to.deep.equal({ timeout: '1800', podIdKey: 'user.POD' });
    });

    it('takes a shared backend address from the layout URL, and refuses one that is no web address', () => {
      const good = new SimulatedFinesseHost({
        urlParameters: { url: 'https://finesse.example.com/3rdpartygadget/files/cc/ContextService.xml?backend-url=https%3A%2F%2Fcontext.example.com' },
      });
      expect(readSettings(good.gadgets, () => undefined)).to.deep.equal({ backendUrl: 'https://context.example.com' });
      const logs: string[] = [];
      const bad = new SimulatedFinesseHost({ prefs: { backendUrl: 'javascript:alert(1)' } });
      expect(readSettings(bad.gadgets, (line) => logs.push(line))).to.deep.equal({});
      expect(logs[0]).to.contain('backend-url');
    });

    it('sends the agent’s own Finesse credentials to an https shared backend when the layout says backend-auth=finesse, and only then', async () => {
      const credentials = btoa('agent1:s3cret pass');
      const url = 'https://finesse.example.com/3rdpartygadget/files/cc/ContextService.xml?backend-url=https%3A%2F%2Fcontext.example.com&backend-auth=finesse';
      const signedIn = new SimulatedFinesseHost({ authorization: credentials, urlParameters: { url } });
      const gadget = document.createElement('div') as unknown as BridgeGadget;
      stops.push(startFinesseBridge(gadget, { finesse: signedIn.finesse, gadgets: signedIn.gadgets, log: () => undefined }));
      const authorization = gadget.backendAuthorization as () => string | undefined;
      expect(authorization()).to.equal(`Basic ${credentials}`);
      // Read again before each request: what Finesse holds now.
      (signedIn.finesse.gadget!.Config as { authorization?: string }).authorization = btoa('agent1:changed');
      expect(authorization()).to.equal(`Basic ${btoa('agent1:changed')}`);

      const logs: string[] = [];
      for (const [parameters, why] of [
        [{ url: url.replace('https%3A%2F%2Fcontext', 'http%3A%2F%2Fcontext') }, 'an http backend'],
        [{ url: url.replace('&backend-auth=finesse', '') }, 'no backend-auth'],
        [{ url: url.replace('backend-auth=finesse', 'backend-auth=none') }, 'backend-auth=none'],
      ] as const) {
        const host = new SimulatedFinesseHost({ authorization: credentials, urlParameters: parameters });
        const other = document.createElement('div') as unknown as BridgeGadget;
        stops.push(startFinesseBridge(other, { finesse: host.finesse, gadgets: host.gadgets, log: (line) => logs.push(line) }));
        expect(other.backendAuthorization, why).to.equal(undefined);
      }
      expect(logs.filter((line) => line.includes('https'))).to.have.length(1);
      const garbled = new SimulatedFinesseHost({ authorization: 'not base64!', urlParameters: { url } });
      const third = document.createElement('div') as unknown as BridgeGadget;
      stops.push(startFinesseBridge(third, { finesse: garbled.finesse, gadgets: garbled.gadgets, log: () => undefined }));
      expect(third.backendAuthorization).to.equal(undefined);
    });

    it('sends the agent’s SSO access token as a Bearer header, the one Finesse holds at each request', async () => {
      const url = 'https://finesse.example.com/3rdpartygadget/files/cc/ContextService.xml?backend-url=https%3A%2F%2Fcontext.example.com&backend-auth=finesse';
      const host = new SimulatedFinesseHost({ authToken: 'eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl', urlParameters: { url } });
      const gadget = document.createElement('div') as unknown as BridgeGadget;
      stops.push(startFinesseBridge(gadget, { finesse: host.finesse, gadgets: host.gadgets, log: () => undefined }));
      expect(host.inits).to.have.length(1);
      const authorization = gadget.backendAuthorization as () => string | undefined;
      expect(authorization()).to.equal('Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl');
      (host.finesse.gadget!.Config as { authToken?: string }).authToken = 'renewed-token';
      expect(authorization()).to.equal('Bearer renewed-token');
      (host.finesse.gadget!.Config as { authToken?: string }).authToken = 'not a token\r\nX-Evil: 1';
      expect(authorization()).to.equal(undefined);
    });

    it('lets a layout grant reveals and name the field set JSON, and refuses an address that is neither web nor server path', async () => {
      const { gadget } = await setUp({ urlParameters: { 'reveal-sensitive': 'true', 'field-sets-url': '/3rdpartygadget/files/cc/field-sets.json' } });
      expect(gadget.hasAttribute('reveal-sensitive')).to.be.true;
      expect(gadget.getAttribute('field-sets-url')).to.equal('/3rdpartygadget/files/cc/field-sets.json');
      const logs: string[] = [];
      for (const address of ['javascript:alert(1)', '//evil.example.com/sets.json', 'data:application/json,{}']) {
        const host = new SimulatedFinesseHost({ prefs: { fieldSetsUrl: address, revealSensitive: 'maybe' } });
        expect(readSettings(host.gadgets, (line) => logs.push(line)), address).to.deep.equal({});
      }
      expect(logs.filter((line) => line.includes('field-sets-url'))).to.have.length(3);
      expect(logs.filter((line) => line.includes('reveal-sensitive'))).to.have.length(3);
      const { gadget: plain } = await setUp({ prefs: { revealSensitive: 'false' } });
      expect(plain.hasAttribute('reveal-sensitive')).to.be.false;
    });

    it('reads preferences when the URL does not say, and refuses malformed values with a reason', () => {
      const host = new SimulatedFinesseHost({ prefs: { timeout: '3000', theme: 'purple' }, urlParameters: { locale: 'fr' } });
      const logs: string[] = [];
      expect(readSettings(host.gadgets, (line) => logs.push(line))).to.deep.equal({ timeout: '3000', locale: 'fr' });
      expect(logs).to.have.length(1);
      expect(logs[0]).to.contain('theme');
    });
  });

  describe('the signed-in agent', () => {
    it('becomes the gadget\'s agent, whom reveals are recorded for', async () => {
      const { gadget } = await setUp({ userId: 'agent-007', firstName: ' Alex ', lastName: 'Moreau' });
      expect(gadget.agentId).to.equal('agent-007');
      expect(gadget.agentName).to.equal('Alex Moreau');
    });

    it('does not replace an agent the page named', async () => {
      const store = await demoStore();
      const gadget = await fixture<CcCustomerContext>(html`<cc-customer-context timeout="15000" .backend=${store} agent-id="agent-042" agent-name="Sam Rivera"></cc-customer-context>`);
      const host = new SimulatedFinesseHost({ userId: 'agent-007', firstName: 'Alex', lastName: 'Moreau' });
      stops.push(startFinesseBridge(gadget, { finesse: host.finesse, gadgets: host.gadgets, log: () => undefined }));
      await aTimeout(0);
      expect(gadget.agentId).to.equal('agent-042');
      expect(gadget.agentName).to.equal('Sam Rivera');
    });

    it('leaves out an id that finesse.js gives malformed, and says so', async () => {
      const { gadget, logs } = await setUp({ userId: 'agent\u0007one', firstName: 'Alex', lastName: 'Moreau' });
      expect(gadget.hasAttribute('agent-id')).to.be.false;
      expect(gadget.hasAttribute('agent-name')).to.be.false;
      expect(logs.some((line) => line.includes('no usable id'))).to.be.true;
    });
  });

  describe('the status line', () => {
    const MINUTE = 60_000;
    const statusLines = (host: SimulatedFinesseHost) => host.clientLog.filter((line) => line.startsWith('CustomerContext : Customer Context status at '));

    it('goes to the client log at :00 and :30, counting the calls since the line before', async () => {
      const { gadget, host, clock } = await setUp();
      await waitUntil(() => gadget.backendInUse, 'Expected the gadget to open its backend');
      await gadget.lookup(JORDAN);
      await clock.advance(29_000);
      expect(statusLines(host), 'before 11:00').to.deep.equal([]);
      await clock.advance(1000);
      await waitUntil(() => statusLines(host).length === 1, 'Expected the 11:00 status line in the client log');
      const [first] = statusLines(host);
      expect(first).to.contain(`status at ${new Date(2026, 10, 20, 11, 0).toISOString()}: registered; reachable; latency `);
      expect(first).to.contain('timeout 15000 ms');
      const lookups = /findCustomers (\d+)\/0 /.exec(first!)?.[1];
      expect(Number(lookups), 'the lookup before 11:00').to.be.greaterThan(0);

      await gadget.lookup(MORGAN);
      await clock.advance(30 * MINUTE);
      await waitUntil(() => statusLines(host).length === 2, 'Expected the 11:30 status line in the client log');
      const second = statusLines(host)[1]!;
      expect(second).to.contain(`status at ${new Date(2026, 10, 20, 11, 30).toISOString()}: `);
      expect(second, 'only the lookup since 11:00: the counters are flushed at each line').to.contain(`findCustomers ${lookups}/0 `);
      for (const number of [JORDAN, MORGAN]) expect(host.clientLog.join('\n')).not.to.contain(number.slice(2));
    });

    it('is written on a 10.5 desktop too, which gives the gadget no calls', async () => {
      const { gadget, host, clock } = await setUp({ version: '10.5' });
      await waitUntil(() => gadget.backendInUse, 'Expected the gadget to open its backend');
      await clock.advance(30_000);
      await waitUntil(() => statusLines(host).length === 1, 'Expected a status line in the client log');
    });

    it('stops with the bridge', async () => {
      const { gadget, host, clock, stop } = await setUp();
      await waitUntil(() => gadget.backendInUse, 'Expected the gadget to open its backend');
      stop();
      expect(clock.pending, 'no timer left behind').to.equal(0);
      await clock.advance(60 * MINUTE);
      await aTimeout(50);
      expect(statusLines(host)).to.deep.equal([]);
    });
  });

  describe('stop', () => {
    it('detaches from calls, topics, size changes and screen-pops', async () => {
      const { gadget, host, calls, stop } = await setUp();
      const dialog = host.ring({ callVariables: {} });
      await aTimeout(20);
      expect(dialog.handlerCount).to.equal(1);
      expect(host.topicHandlerCount()).to.equal(1);
      stop();
      expect(dialog.handlerCount).to.equal(0);
      expect(host.topicHandlerCount()).to.equal(0);
      const adjustments = host.heightAdjustments;
      host.ring({ from: JORDAN, callVariables: { 'POD.ID': DEMO_IDS.sundayChat } });
      gadget.style.display = 'block';
      gadget.style.height = '700px';
      gadget.dispatchEvent(new CustomEvent('cc-screen-pop', { bubbles: true, composed: true }));
      await aTimeout(100);
      expect(calls).to.deep.equal({ showActivity: [], lookup: [] });
      expect(host.activatedTabs).to.equal(0);
      expect(host.heightAdjustments).to.equal(adjustments);
    });
  });
});
