import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ContextBackend, UnmatchedEvent, UnmatchedEvents } from '../src/backend/adapter.js';
import '../src/components/backend-provider/backend-provider.js';
import '../src/components/customer-identities/customer-identities.js';
import type { CcCustomerIdentities } from '../src/components/customer-identities/customer-identities.js';
import { DEFAULT_SETTINGS } from '../src/contexts/settings-context.js';
import type { Customer } from '../src/model/customer.js';
import { addDuplicate, jordanWithIdentities, type, until } from './support/identities-stories.js';
import './support/part-providers.js';
import * as stores from './support/story-stores.js';

interface Loaded {
  readonly backend: ContextBackend;
  readonly customer: Customer;
}

async function jordan(story: string): Promise<Loaded> {
  const store = await stores.demoStore(`customer-identities-${story}`);
  await addDuplicate(store);
  return { backend: store, customer: await jordanWithIdentities(store) };
}

/**
 * Jordan Ellis on a store that also keeps events a shared backend could not match (as the HTTP
 * adapter's does): a text from an unknown phone, a chat from an unknown address, a web visit.
 */
async function jordanWithUnmatched(story: string): Promise<Loaded> {
  const { backend, customer } = await jordan(story);
  const listed: UnmatchedEvent[] = [
    {
      received: '2026-11-22T08:15:04.000Z',
      event: { source: 'https://sms.example.com/messages', id: 'SM9002', type: 'io.customer-context.activity.v1', time: '2026-11-22T08:15:00Z', customerphone: '+1 650 555 0199', mediatype: 'sms' },
    },
    {
      received: '2026-11-23T09:30:02.000Z',
      event: { source: 'https://chat.example.com/conversations/conv-9', id: 'msg-777', type: 'io.customer-context.activity.v1', time: '2026-11-23T09:30:00Z', customeremail: 'j.ellis@example.net', mediatype: 'chat' },
    },
    { received: '2026-11-24T16:02:11.000Z', event: { source: 'urn:cumulus:web', id: 'web-991', type: 'com.cumulus.web.visit', subject: 'visitor 55812' } },
  ];
  const unmatched: UnmatchedEvents = {
    listUnmatched: () => Promise.resolve([...listed]),
    attachUnmatched: async ({ source, id, customerId }) => {
      listed.splice(listed.findIndex((item) => item.event.source === source && item.event.id === id), 1);
      const activity = await backend.createActivity({ customerId, mediaType: 'event', direction: 'inbound', title: id });
      return { source, id, activityId: activity.id, customerId };
    },
  };
  const withUnmatched = new Proxy(backend, {
    has: (target, property) => property === 'unmatchedEvents' || Reflect.has(target, property),
    get: (target, property) => {
      if (property === 'unmatchedEvents') return unmatched;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { backend: withUnmatched, customer };
}

async function identitiesIn(canvasElement: HTMLElement): Promise<ShadowRoot | undefined> {
  const element = await until(() => canvasElement.querySelector<CcCustomerIdentities>('cc-customer-identities'));
  await element?.updateComplete;
  return (await until(() => element?.shadowRoot?.querySelector('section') && element.shadowRoot)) ?? undefined;
}

/** Fills the add form as the agent would, then submits it. */
async function add(canvasElement: HTMLElement, kind: string, value: string): Promise<void> {
  const root = await identitiesIn(canvasElement);
  if (!root) return;
  type(root.querySelector<HTMLSelectElement>('#kind')!, kind);
  type(root.querySelector<HTMLInputElement>('#value')!, value);
  root.querySelector('form')?.requestSubmit();
  await until(() => root.querySelector('#value-problem'));
}

const meta: Meta = {
  title: 'Components/Customer identities',
  component: 'cc-customer-identities',
  render: (_args, { loaded }) => {
    const { backend, customer } = loaded as Loaded;
    return html`<cc-backend-provider .backend=${backend}>
      <cc-part-providers .settings=${DEFAULT_SETTINGS} .access=${{ canReveal: false, agent: { id: 'agent-042', name: 'Sam Rivera' } }}>
        <cc-customer-identities style="max-width: 40rem" .customer=${customer}></cc-customer-identities>
      </cc-part-providers>
    </cc-backend-provider>`;
  },
};
export default meta;

type Story = StoryObj;

/** Jordan Ellis: the phone and email of their details, and a second phone and their CRM id listed beside them. */
export const Default: Story = {
  loaders: [() => jordan('default')],
};

/** A customer found by nothing yet: no phone, email or external id. */
export const Empty: Story = {
  loaders: [
    async (): Promise<Loaded> => {
      const store = await stores.freshStore('customer-identities-empty');
      return { backend: store, customer: await store.createCustomer({ dataElements: { Context_First_Name: 'Avery', Context_Last_Name: 'Quinn' } }) };
    },
  ],
};

/** An email the model cannot read: the message sits under the field, which keeps what was typed. */
export const InvalidValue: Story = {
  name: 'Invalid value',
  loaders: [() => jordan('invalid')],
  play: ({ canvasElement }) => add(canvasElement, 'email', 'jordan at example'),
};

/** A phone another customer (J. Ellis) has already: the backend refuses it, and the gadget says whose it is not. */
export const AnotherCustomers: Story = {
  name: "Another customer's",
  loaders: [() => jordan('taken')],
  play: ({ canvasElement }) => add(canvasElement, 'phone', '(408) 555-0123'),
};

/** Remove asks first, naming the identity and the customer. */
export const ConfirmRemove: Story = {
  name: 'Confirm remove',
  loaders: [() => jordan('confirm-remove')],
  play: async ({ canvasElement }) => {
    const root = await identitiesIn(canvasElement);
    const remove = await until(() => root?.querySelector<HTMLButtonElement>('button.remove'));
    remove?.click();
    await until(() => root?.querySelector('.confirm'));
  },
};

/** Events that named no customer the shared backend knows, each with a button to attach it to Jordan's journey. */
export const UnmatchedEventsToAttach: Story = {
  name: 'Events that may be theirs',
  loaders: [() => jordanWithUnmatched('unmatched')],
};

export const Dark: Story = {
  loaders: [() => jordan('dark')],
  decorators: [(story) => html`<div style="color-scheme: dark; background: #1c1b1f; color: #e6e1e5; padding: 1rem">${story()}</div>`],
};
