import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ContextBackend } from '../src/backend/adapter.js';
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

export const Dark: Story = {
  loaders: [() => jordan('dark')],
  decorators: [(story) => html`<div style="color-scheme: dark; background: #1c1b1f; color: #e6e1e5; padding: 1rem">${story()}</div>`],
};
