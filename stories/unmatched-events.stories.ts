import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ContextBackend, UnmatchedEvent, UnmatchedEvents } from '../src/backend/adapter.js';
import type { BuiltInStore } from '../src/backend/index.js';
import '../src/components/backend-provider/backend-provider.js';
import '../src/components/customer-identities/unmatched-events.js';
import { DEMO_IDS } from '../src/demo/journey.js';
import { ForbiddenError, NotFoundError, UnavailableError } from '../src/model/errors.js';
import type { Customer } from '../src/model/customer.js';
import { storeWith, until } from './support/identities-stories.js';
import * as stores from './support/story-stores.js';

interface Loaded {
  readonly backend: ContextBackend;
  readonly customer: Customer;
}

/**
 * What a shared backend took in and could not match: a text from an unknown phone, a chat from
 * an unknown address, a web visit by its subject, and an event that named nothing to match by.
 */
function unmatched(): UnmatchedEvent[] {
  return [
    {
      received: '2026-11-22T08:15:04.000Z',
      event: { source: 'https://sms.example.com/messages', id: 'SM9002', type: 'io.customer-context.activity.v1', time: '2026-11-22T08:15:00Z', customerphone: '+1 650 555 0199', mediatype: 'sms' },
    },
    {
      received: '2026-11-23T09:30:02.000Z',
      event: { source: 'https://chat.example.com/conversations/conv-9', id: 'msg-777', type: 'io.customer-context.activity.v1', time: '2026-11-23T09:30:00Z', customeremail: 'j.ellis@example.net', mediatype: 'chat' },
    },
    { received: '2026-11-24T16:02:11.000Z', event: { source: 'urn:cumulus:web', id: 'web-991', type: 'com.cumulus.web.visit', subject: 'visitor 55812' } },
    { received: '2026-11-25T07:45:30.000Z', event: { source: 'urn:cumulus:iot', id: 'tpms-12', type: 'com.cumulus.bike.tyre-pressure' } },
  ];
}

interface Backend {
  /** What the list answers: these events (the default: `unmatched()`), or this error. */
  readonly list?: readonly UnmatchedEvent[] | Error;
  /** Why attaching fails, when it does. */
  readonly refuse?: (event: UnmatchedEvent) => Error;
  /** The list never answers: it is still being read. */
  readonly loading?: boolean;
}

/**
 * Jordan Ellis on a demo store that keeps unmatched events as a shared backend does: an event
 * attached becomes an activity of Jordan's journey and leaves the list, as it would on the server.
 */
async function jordan(story: string, { list = unmatched(), refuse, loading = false }: Backend = {}): Promise<Loaded> {
  const store: BuiltInStore = await stores.demoStore(`unmatched-events-${story}`);
  const customer = await store.getCustomer(DEMO_IDS.jordan);
  const listed = list instanceof Error ? [] : [...list];
  const capability: UnmatchedEvents = {
    listUnmatched: () => {
      if (loading) return new Promise(() => {});
      if (list instanceof Error) return Promise.reject(list);
      return Promise.resolve([...listed]);
    },
    attachUnmatched: async ({ source, id, customerId }) => {
      const index = listed.findIndex((item) => item.event.source === source && item.event.id === id);
      const error = refuse?.(listed[index]!);
      // Attached by someone else: it has left the list on the server too.
      if (error instanceof NotFoundError && error.kind === 'event') listed.splice(index, 1);
      if (error) throw error;
      listed.splice(index, 1);
      const activity = await store.createActivity({ customerId, mediaType: 'event', direction: 'inbound', title: id });
      return { source, id, activityId: activity.id, customerId };
    },
  };
  return { backend: storeWith(store, { unmatchedEvents: capability }), customer };
}

/** Presses Attach on the first event, as the agent would, and waits for the outcome to show. */
const attachFirst: NonNullable<Story['play']> = async ({ canvasElement }) => {
  const element = await until(() => canvasElement.querySelector('cc-unmatched-events'));
  const button = await until(() => element?.shadowRoot?.querySelector<HTMLButtonElement>('li button'));
  button?.click();
  await until(() => element?.shadowRoot?.querySelector('[part="error"]') || element?.shadowRoot?.querySelector('[role="status"]')?.textContent?.trim());
};

const meta: Meta = {
  title: 'Components/Unmatched events',
  component: 'cc-unmatched-events',
  render: (_args, { loaded }) => {
    const { backend, customer } = loaded as Loaded;
    return html`<cc-backend-provider .backend=${backend}>
      <cc-unmatched-events style="max-width: 40rem" .customer=${customer}></cc-unmatched-events>
    </cc-backend-provider>`;
  },
};
export default meta;

type Story = StoryObj;

/** Four events the backend could not match, by channel or type, each with what it named and a button to attach it to Jordan. */
export const Default: Story = {
  loaders: [() => jordan('default')],
};

/** The list is still being read from the backend. */
export const Loading: Story = {
  loaders: [() => jordan('loading', { loading: true })],
};

/** The backend keeps unmatched events, and has none. */
export const Empty: Story = {
  loaders: [() => jordan('empty', { list: [] })],
};

/** The list could not be read: why, and Try again. */
export const ListError: Story = {
  name: 'List error',
  loaders: [() => jordan('list-error', { list: new UnavailableError() })],
};

/** One attached: it leaves the list, a screen reader hears where it went, and the keyboard moves to the next. */
export const Attached: Story = {
  loaders: [() => jordan('attached')],
  play: attachFirst,
};

/** Someone else attached it first: the list is read again and says so. */
export const AttachedElsewhere: Story = {
  name: 'Attached by someone else',
  loaders: [() => jordan('attached-elsewhere', { refuse: (event) => new NotFoundError('event', event.event.id) })],
  play: attachFirst,
};

/** The backend refuses this agent attaching events. */
export const AttachRefused: Story = {
  name: 'Attach refused',
  loaders: [() => jordan('attach-refused', { refuse: () => new ForbiddenError('Only a supervisor may attach events') })],
  play: attachFirst,
};

/** The customer is no longer stored (merged or erased meanwhile): nothing was attached. */
export const CustomerGone: Story = {
  name: 'Customer gone',
  loaders: [() => jordan('customer-gone', { refuse: () => new NotFoundError('customer', DEMO_IDS.jordan) })],
  play: attachFirst,
};

/** The store could not be reached while attaching: why, and to try again. */
export const AttachFailed: Story = {
  name: 'Attach failed',
  loaders: [() => jordan('attach-failed', { refuse: () => new UnavailableError() })],
  play: attachFirst,
};

export const Dark: Story = {
  loaders: [() => jordan('dark')],
  decorators: [(story) => html`<div style="color-scheme: dark; background: #1c1b1f; color: #e6e1e5; padding: 1rem">${story()}</div>`],
};
