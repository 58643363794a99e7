import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ContextBackend } from '../src/backend/adapter.js';
import { BuiltInStore } from '../src/backend/index.js';
import '../src/components/backend-provider/backend-provider.js';
import '../src/components/appointment-pop/appointment-pop.js';
import type { ScreenPop } from '../src/components/appointment-pop/appointment-pop.js';
import { DEMO_CUSTOMER_TIME_ZONE, DEMO_IDS, SANTA_CLARA, nextWeekdayAt, seedDemoJourney } from '../src/demo/journey.js';

type Story = StoryObj;

const open = new Map<string, BuiltInStore>();
const popsDatabases = new Map<string, string>();

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

interface Loaded {
  readonly backend: ContextBackend;
  readonly pops: readonly ScreenPop[];
  readonly popsDatabase: string;
}

const PROPOSALS = [
  { message: 'I have a conflict on Sunday. Could we do Tuesday at 4pm instead?', weekday: 2, hours: 16, text: 'Tuesday at 4pm' },
  { message: 'Or Wednesday at 9am, if Tuesday is full?', weekday: 3, hours: 9, text: 'Wednesday at 9am' },
  { message: 'Thursday at noon works too.', weekday: 4, hours: 12, text: 'Thursday at noon' },
] as const;

/**
 * A demo store of its own for each story, emptied on every visit, with Jordan Ellis's proposals
 * as they would arrive by SMS; and a fresh memory of popped activities, so every visit pops.
 */
async function proposals(story: string, count: number): Promise<Loaded> {
  const databaseName = `cc-story-appointment-pop-${story}`;
  // A new name each visit: the last visit's pop keeps its database open, so deleting it waits.
  const popsDatabase = `cc-story-screen-pops-${story}-${crypto.randomUUID()}`;
  const previous = popsDatabases.get(story);
  if (previous) void deleteDatabase(previous);
  popsDatabases.set(story, popsDatabase);
  open.get(databaseName)?.close();
  await BuiltInStore.deleteDatabase(databaseName);
  const store = await BuiltInStore.open({ databaseName });
  open.set(databaseName, store);
  await seedDemoJourney(store);
  const now = new Date();
  const sunday = nextWeekdayAt(now, 0, 10, 0, DEMO_CUSTOMER_TIME_ZONE).toISOString();
  const pops: ScreenPop[] = [];
  for (const proposal of PROPOSALS.slice(0, count)) {
    const activity = await store.createActivity({
      customerId: DEMO_IDS.jordan,
      requestId: DEMO_IDS.request,
      mediaType: 'sms',
      direction: 'inbound',
      title: 'New date proposed',
      message: proposal.message,
    });
    pops.push({
      activity,
      customerName: 'Jordan Ellis',
      appointment: {
        start: nextWeekdayAt(now, proposal.weekday, proposal.hours, 0, DEMO_CUSTOMER_TIME_ZONE).toISOString(),
        timeZone: DEMO_CUSTOMER_TIME_ZONE,
        text: proposal.text,
        place: SANTA_CLARA,
      },
      fromText: true,
      replaces: { start: sunday, place: SANTA_CLARA },
    });
  }
  return { backend: store, pops, popsDatabase };
}

/** Offers the loaded proposals to the pop, as the gadget does when they arrive live. */
const offerAll: Story['play'] = async ({ canvasElement, loaded }) => {
  const pop = canvasElement.querySelector('cc-appointment-pop');
  if (!pop) return;
  await pop.updateComplete;
  for (const screenPop of (loaded as Loaded).pops) await pop.offer(screenPop);
};

const meta: Meta = {
  title: 'Components/Appointment pop',
  component: 'cc-appointment-pop',
  render: (_args, { loaded }) => {
    const { backend, popsDatabase } = loaded as Loaded;
    return html`<cc-backend-provider .backend=${backend}>
      <cc-appointment-pop style="max-width: 40rem" database-name=${popsDatabase} agent-time-zone="America/New_York"></cc-appointment-pop>
    </cc-backend-provider>`;
  },
};
export default meta;


/** Jordan Ellis proposes Tuesday at 4pm by SMS, read from the words; the agent works in New York. */
export const Default: Story = {
  loaders: [() => proposals('default', 1)],
  play: offerAll,
};

/** Three proposals waiting: the first shows, with its place in the queue. */
export const Queued: Story = {
  loaders: [() => proposals('queued', 3)],
  play: offerAll,
};

export const Dark: Story = {
  loaders: [() => proposals('dark', 1)],
  play: offerAll,
  decorators: [(story) => html`<div style="color-scheme: dark; background: #1c1b1f; color: #e6e1e5; padding: 1rem">${story()}</div>`],
};
