import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { waitUntil } from '../support/wait.js';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/backend-provider/backend-provider.js';
import '../../src/components/appointment-pop/appointment-pop.js';
import { UNRESOLVED_TAG, type CcAppointmentPop, type ScreenPop } from '../../src/components/appointment-pop/appointment-pop.js';
import { confirmationSms, fromLocalInput, offerSms, shortPlaceName, toLocalInput } from '../../src/components/appointment-pop/wording.js';
import { DEMO_CUSTOMER_TIME_ZONE, DEMO_IDS, SANTA_CLARA, nextWeekdayAt, seedDemoJourney } from '../../src/demo/journey.js';
import type { Activity } from '../../src/model/activity.js';

const opened: { store: BuiltInStore; databaseName: string }[] = [];

async function demoStore(): Promise<BuiltInStore> {
  const databaseName = `cc-test-appointment-pop-${crypto.randomUUID()}`;
  const store = await BuiltInStore.open({ databaseName, timeoutMs: 15_000 });
  opened.push({ store, databaseName });
  await seedDemoJourney(store);
  return store;
}

async function proposal(store: BuiltInStore, message = 'I have a conflict on Sunday. Could we do Tuesday at 4pm instead?'): Promise<Activity> {
  return store.createActivity({
    customerId: DEMO_IDS.jordan,
    mediaType: 'sms',
    direction: 'inbound',
    title: 'New date proposed',
    message,
  });
}

function popOf(activity: Activity, fromText = true): ScreenPop {
  const start = nextWeekdayAt(new Date(), 2, 16, 0, DEMO_CUSTOMER_TIME_ZONE).toISOString();
  return {
    activity,
    customerName: 'Jordan Ellis',
    appointment: { start, timeZone: DEMO_CUSTOMER_TIME_ZONE, text: 'Tuesday at 4pm', place: SANTA_CLARA },
    fromText,
  };
}

async function mount(store: BuiltInStore, databaseName = `cc-test-pops-${crypto.randomUUID()}`): Promise<CcAppointmentPop> {
  const provider = await fixture(html`<cc-backend-provider .backend=${store}>
    <cc-appointment-pop database-name=${databaseName} agent-time-zone="America/New_York"></cc-appointment-pop>
  </cc-backend-provider>`);
  const pop = provider.querySelector('cc-appointment-pop')!;
  await pop.updateComplete;
  return pop;
}

function region(pop: CcAppointmentPop): HTMLElement | null {
  return pop.shadowRoot!.querySelector('section[aria-labelledby]');
}

function button(pop: CcAppointmentPop, name: string): HTMLButtonElement {
  const found = [...pop.shadowRoot!.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === name);
  if (!found) throw new Error(`No button ${name}`);
  return found;
}

function text(pop: CcAppointmentPop): string {
  return pop.shadowRoot!.textContent?.replace(/\s+/g, ' ') ?? '';
}

async function outbound(store: BuiltInStore): Promise<Activity[]> {
  const page = await store.listActivities(DEMO_IDS.jordan, { pageSize: 50 });
  return page.activities.filter((activity) => activity.direction === 'outbound' && activity.mediaType === 'sms');
}

describe('cc-appointment-pop', () => {
  after(async () => {
    for (const { store, databaseName } of opened.splice(0)) {
      store.close();
      await BuiltInStore.deleteDatabase(databaseName);
    }
  });

  it('renders', async () => {
    const store = await demoStore();
    const pop = await mount(store);
    expect(region(pop)).to.equal(null);
    expect(await pop.offer(popOf(await proposal(store)))).to.equal(true);
    await pop.updateComplete;
    const shown = region(pop)!;
    expect(shown).to.exist;
    const heading = pop.shadowRoot!.getElementById(shown.getAttribute('aria-labelledby')!);
    expect(heading?.textContent).to.equal('Proposed appointment');
    expect(text(pop)).to.contain('Jordan Ellis');
    expect(text(pop)).to.contain('SMS');
    expect(text(pop)).to.contain('Could we do Tuesday at 4pm instead?');
    expect(text(pop)).to.contain('16:00');
    expect(text(pop)).to.contain("Customer's time");
    expect(pop.shadowRoot!.querySelector('[role="status"]')?.textContent).to.contain('Jordan Ellis');
  });

  it('is accessible', async () => {
    const store = await demoStore();
    const pop = await mount(store);
    await pop.offer(popOf(await proposal(store)));
    await pop.updateComplete;
    await expect(pop).to.be.accessible();
    button(pop, 'Propose another time').click();
    await pop.updateComplete;
    await expect(pop).to.be.accessible();
  });

  describe('times', () => {
    it('says when the proposed time is the appointment already booked, rather than one it replaces', async () => {
      const store = await demoStore();
      const pop = await mount(store);
      const base = popOf(await proposal(store));
      await pop.offer({ ...base, replaces: { start: base.appointment.start, place: SANTA_CLARA } });
      await pop.updateComplete;
      expect(text(pop)).to.contain('Current appointment');
      expect(text(pop)).not.to.contain('Replaces');
      expect(text(pop)).to.contain('The proposed time is the appointment already booked.');
    });

    it('shows the appointment it would replace, and says when the proposed time has passed', async () => {
      const store = await demoStore();
      const pop = await mount(store);
      const base = popOf(await proposal(store, 'Could we have done it yesterday at 4pm?'));
      const yesterday = new Date(Date.now() - 86_400_000).toISOString();
      const sunday = nextWeekdayAt(new Date(), 0, 10, 0, DEMO_CUSTOMER_TIME_ZONE).toISOString();
      await pop.offer({ ...base, appointment: { ...base.appointment, start: yesterday }, replaces: { start: sunday, place: SANTA_CLARA } });
      await pop.updateComplete;
      expect(text(pop)).to.contain('Replaces');
      expect(text(pop)).to.contain('This time has already passed.');
    });
  });

  describe('wording', () => {
    it('words the confirmation as the journey does', () => {
      const now = new Date('2026-11-20T19:00:00Z');
      expect(confirmationSms('2026-11-25T00:00:00.000Z', DEMO_CUSTOMER_TIME_ZONE, SANTA_CLARA, now)).to.equal(
        'Cumulus: your service appointment is now Tuesday 16:00 at Santa Clara.',
      );
      expect(shortPlaceName('Cumulus Service Center – San Jose Downtown')).to.equal('San Jose Downtown');
    });

    it('names the year of a time that is not this year’s', () => {
      const now = new Date('2026-12-02T18:00:00Z');
      expect(offerSms('2027-01-09T00:00:00.000Z', DEMO_CUSTOMER_TIME_ZONE, SANTA_CLARA, now)).to.equal(
        'Cumulus: we can offer Friday 8 January 2027 16:00 at Santa Clara instead. Reply YES to confirm.',
      );
      expect(offerSms('2026-12-19T00:00:00.000Z', DEMO_CUSTOMER_TIME_ZONE, SANTA_CLARA, now)).to.equal(
        'Cumulus: we can offer Friday 18 December 16:00 at Santa Clara instead. Reply YES to confirm.',
      );
    });
  });

  describe('accept', () => {
    it('by keyboard records the confirmation SMS and marks the proposal accepted', async () => {
      const store = await demoStore();
      const pop = await mount(store);
      const activity = await proposal(store);
      await pop.offer(popOf(activity));
      await pop.updateComplete;
      const accept = button(pop, 'Accept');
      accept.focus();
      // A native button activates on Enter; the click is what the keyboard produces.
      accept.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      accept.click();
      await waitUntil(() => region(pop) === null, 'Expected the pop to close');
      const sent = await outbound(store);
      // On a Tuesday, next Tuesday is a week away and the SMS names its date too.
      expect(sent.some((sms) => /^Cumulus: your service appointment is now Tuesday (\d+ \w+ )?16:00 at Santa Clara\.$/.test(sms.message ?? ''))).to.equal(true);
      const updated = await store.getActivity(activity.id);
      expect(updated.appointment?.status).to.equal('accepted');
      expect(updated.state).to.equal('closed');
    });

    it('uses the time the agent corrected', async () => {
      const store = await demoStore();
      const pop = await mount(store);
      const activity = await proposal(store);
      await pop.offer(popOf(activity));
      await pop.updateComplete;
      const input = pop.shadowRoot!.querySelector<HTMLInputElement>('input[name="corrected"]')!;
      const day = input.value.slice(0, 10);
      input.value = `${day}T17:30`;
      input.dispatchEvent(new Event('change'));
      let detail: { start: string; message: string } | undefined;
      pop.addEventListener('cc-appointment-accept', (event) => (detail = event.detail));
      button(pop, 'Accept').click();
      await waitUntil(() => region(pop) === null, 'Expected the pop to close');
      expect(detail?.message).to.match(/Tuesday (\d+ \w+ )?17:30/);
    });

    it('does nothing more when the host cancels the event', async () => {
      const store = await demoStore();
      const pop = await mount(store);
      const activity = await proposal(store);
      await pop.offer(popOf(activity));
      await pop.updateComplete;
      const before = (await outbound(store)).length;
      pop.addEventListener('cc-appointment-accept', (event) => event.preventDefault());
      button(pop, 'Accept').click();
      await waitUntil(() => region(pop) === null, 'Expected the pop to close');
      expect((await outbound(store)).length).to.equal(before);
      expect((await store.getActivity(activity.id)).version).to.equal(activity.version);
    });
  });

  describe('propose another time', () => {
    it('refuses a time in the past by keyboard, says why, and sends once the time is to come', async () => {
      const store = await demoStore();
      const pop = await mount(store);
      const base = popOf(await proposal(store, 'Could we have done it yesterday at 4pm?'));
      const yesterday = new Date(Date.now() - 86_400_000).toISOString();
      await pop.offer({ ...base, appointment: { ...base.appointment, start: yesterday } });
      await pop.updateComplete;
      const before = (await outbound(store)).length;
      button(pop, 'Propose another time').focus();
      await sendKeys({ press: 'Enter' });
      const input = pop.shadowRoot!.querySelector<HTMLInputElement>('input[name="another"]')!;
      await waitUntil(() => pop.shadowRoot!.activeElement === input, 'Expected focus in the picker');
      button(pop, 'Send').focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => pop.shadowRoot!.activeElement === input, 'Expected focus back on the time');
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      const problem = pop.shadowRoot!.getElementById(input.getAttribute('aria-describedby')!);
      expect(problem?.textContent?.trim()).to.equal('That time has passed: choose one to come.');
      expect(region(pop), 'the pop stays').to.exist;
      expect((await outbound(store)).length, 'no SMS').to.equal(before);
      await expect(pop).to.be.accessible();

      // The year one up (month, day, year in this browser's order): a time to come.
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ press: 'ArrowUp' });
      await waitUntil(() => input.getAttribute('aria-invalid') === 'false', 'Expected the problem gone once the time changed');
      expect(Number(input.value.slice(0, 4))).to.equal(Number(toLocalInput(yesterday, DEMO_CUSTOMER_TIME_ZONE).slice(0, 4)) + 1);
      const chosen = fromLocalInput(input.value, DEMO_CUSTOMER_TIME_ZONE)!;
      button(pop, 'Send').focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => region(pop) === null, 'Expected the pop to close');
      const sent = await outbound(store);
      expect(sent.length).to.equal(before + 1);
      expect(sent.map((sms) => sms.message)).to.include(offerSms(chosen, DEMO_CUSTOMER_TIME_ZONE, SANTA_CLARA));
    });

    it('reveals a labelled picker and records an SMS with that time', async () => {
      const store = await demoStore();
      const pop = await mount(store);
      const activity = await proposal(store);
      await pop.offer(popOf(activity));
      await pop.updateComplete;
      button(pop, 'Propose another time').click();
      await pop.updateComplete;
      const input = pop.shadowRoot!.querySelector<HTMLInputElement>('input[name="another"]')!;
      expect(input.closest('label')?.textContent).to.contain('Another time');
      await waitUntil(() => pop.shadowRoot!.activeElement === input, 'Expected focus in the picker');
      input.value = `${input.value.slice(0, 10)}T10:00`;
      button(pop, 'Send').click();
      await waitUntil(() => region(pop) === null, 'Expected the pop to close');
      const sent = await outbound(store);
      expect(sent.some((sms) => /Tuesday (\d+ \w+ )?10:00 at Santa Clara/.test(sms.message ?? ''))).to.equal(true);
      expect((await store.getActivity(activity.id)).appointment?.status).to.equal('declined');
    });

    it('is cancelable', async () => {
      const store = await demoStore();
      const pop = await mount(store);
      await pop.offer(popOf(await proposal(store)));
      await pop.updateComplete;
      const before = (await outbound(store)).length;
      pop.addEventListener('cc-appointment-propose', (event) => event.preventDefault());
      button(pop, 'Propose another time').click();
      await pop.updateComplete;
      button(pop, 'Send').click();
      await waitUntil(() => region(pop) === null, 'Expected the pop to close');
      expect((await outbound(store)).length).to.equal(before);
    });
  });

  describe('dismiss', () => {
    it('keeps the activity, tagged unresolved', async () => {
      const store = await demoStore();
      const pop = await mount(store);
      const activity = await proposal(store);
      await pop.offer(popOf(activity));
      await pop.updateComplete;
      button(pop, 'Dismiss').click();
      await waitUntil(() => region(pop) === null, 'Expected the pop to close');
      const kept = await store.getActivity(activity.id);
      expect(kept.tags).to.include(UNRESOLVED_TAG);
      expect(kept.state).to.equal('active');
    });

    it('on Escape', async () => {
      const store = await demoStore();
      const pop = await mount(store);
      const activity = await proposal(store);
      await pop.offer(popOf(activity));
      await pop.updateComplete;
      const accept = button(pop, 'Accept');
      accept.focus();
      accept.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
      await waitUntil(() => region(pop) === null, 'Expected Escape to dismiss');
      expect((await store.getActivity(activity.id)).tags).to.include(UNRESOLVED_TAG);
    });

    it('is cancelable', async () => {
      const store = await demoStore();
      const pop = await mount(store);
      const activity = await proposal(store);
      await pop.offer(popOf(activity));
      await pop.updateComplete;
      pop.addEventListener('cc-appointment-dismiss', (event) => event.preventDefault());
      button(pop, 'Dismiss').click();
      await waitUntil(() => region(pop) === null, 'Expected the pop to close');
      expect((await store.getActivity(activity.id)).tags).to.not.include(UNRESOLVED_TAG);
    });
  });

  describe('focus', () => {
    it('moves to the pop when nothing else has it', async () => {
      const store = await demoStore();
      const pop = await mount(store);
      (document.activeElement as HTMLElement | null)?.blur();
      await pop.offer(popOf(await proposal(store)));
      expect(pop.shadowRoot!.activeElement).to.equal(region(pop));
    });

    it('never leaves a field the agent is typing in', async () => {
      const store = await demoStore();
      const pop = await mount(store);
      const field = document.createElement('input');
      field.setAttribute('aria-label', 'Notes');
      document.body.append(field);
      try {
        field.focus();
        await pop.offer(popOf(await proposal(store)));
        expect(document.activeElement).to.equal(field);
        expect(region(pop)).to.exist;
      } finally {
        field.remove();
      }
    });
  });

  describe('queue', () => {
    it('shows one pop at a time with its place in the queue', async () => {
      const store = await demoStore();
      const pop = await mount(store);
      const first = await proposal(store);
      await pop.offer(popOf(first));
      await pop.offer(popOf(await proposal(store, 'Or Wednesday at 9am?')));
      await pop.offer(popOf(await proposal(store, 'Thursday at noon works too.')));
      await pop.updateComplete;
      expect(text(pop)).to.contain('1 of 3');
      expect(pop.shadowRoot!.querySelectorAll('section').length).to.equal(1);
      pop.addEventListener('cc-appointment-dismiss', (event) => event.preventDefault());
      button(pop, 'Dismiss').click();
      await waitUntil(() => text(pop).includes('1 of 2'), 'Expected the next pop');
      expect(text(pop)).to.contain('Or Wednesday at 9am?');
    });
  });

  describe('once per activity', () => {
    it('never pops the same activity twice, also in a new element on the same database', async () => {
      const store = await demoStore();
      const databaseName = `cc-test-pops-${crypto.randomUUID()}`;
      const first = await mount(store, databaseName);
      const activity = await proposal(store);
      expect(await first.offer(popOf(activity))).to.equal(true);
      expect(await first.offer(popOf(activity))).to.equal(false);
      const second = await mount(store, databaseName);
      expect(await second.offer(popOf(activity))).to.equal(false);
      expect(region(second)).to.equal(null);
    });

    it('pops in one of two tabs offered it at once', async () => {
      const store = await demoStore();
      const databaseName = `cc-test-pops-${crypto.randomUUID()}`;
      const one = await mount(store, databaseName);
      const two = await mount(store, databaseName);
      const activity = await proposal(store);
      const results = await Promise.all([one.offer(popOf(activity)), two.offer(popOf(activity))]);
      expect(results.filter(Boolean).length).to.equal(1);
    });

    it('leaves a pop settled in another tab', async () => {
      const store = await demoStore();
      const databaseName = `cc-test-pops-${crypto.randomUUID()}`;
      const pop = await mount(store, databaseName);
      const activity = await proposal(store);
      await pop.offer(popOf(activity));
      const other = new BroadcastChannel(`cc-screen-pops:${databaseName}`);
      other.postMessage({ kind: 'settled', activityId: activity.id });
      other.close();
      await waitUntil(() => region(pop) === null, 'Expected the pop to go');
    });
  });

  describe('message', () => {
    it('shows markup in the message as text', async () => {
      const store = await demoStore();
      const pop = await mount(store);
      const message = '<img src=x onerror="window.__popped = true"> Tuesday at 4pm?';
      await pop.offer(popOf(await proposal(store, message)));
      await pop.updateComplete;
      expect(pop.shadowRoot!.querySelector('img')).to.equal(null);
      expect(pop.shadowRoot!.querySelector('blockquote')?.textContent).to.equal(message);
      expect((window as { __popped?: boolean }).__popped).to.equal(undefined);
    });
  });
});
