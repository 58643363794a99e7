import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ContextBackend } from '../src/backend/adapter.js';
import type { BuiltInStore } from '../src/backend/index.js';
import '../src/components/backend-provider/backend-provider.js';
import '../src/components/customer-merge/customer-merge.js';
import type { CcCustomerMerge } from '../src/components/customer-merge/customer-merge.js';
import { DEFAULT_SETTINGS } from '../src/contexts/settings-context.js';
import { DEMO_IDS } from '../src/demo/journey.js';
import type { Customer } from '../src/model/customer.js';
import { addDuplicate, refusingMerges, signedInAgent, type, until } from './support/identities-stories.js';
import './support/part-providers.js';
import * as stores from './support/story-stores.js';

interface Loaded {
  readonly backend: ContextBackend;
  readonly store: BuiltInStore;
  readonly customer: Customer;
  readonly duplicate: Customer;
}

/** Jordan Ellis shown, and their duplicate J. Ellis in the store; `backend` wraps the store for the story. */
async function jordan(story: string, backend: (store: BuiltInStore) => ContextBackend = (store) => store): Promise<Loaded> {
  const store = await stores.demoStore(`customer-merge-${story}`);
  const duplicate = await addDuplicate(store);
  return { backend: backend(store), store, customer: await store.getCustomer(DEMO_IDS.jordan), duplicate };
}

async function mergeIn(canvasElement: HTMLElement): Promise<ShadowRoot | undefined> {
  const element = await until(() => canvasElement.querySelector<CcCustomerMerge>('cc-customer-merge'));
  return (await until(() => element?.shadowRoot?.querySelector('#start') && element.shadowRoot)) ?? undefined;
}

/** "Merge with another customer…", then a search for the duplicate's email. */
async function search(canvasElement: HTMLElement): Promise<ShadowRoot | undefined> {
  const root = await mergeIn(canvasElement);
  root?.querySelector<HTMLButtonElement>('#start')?.click();
  const query = await until(() => root?.querySelector<HTMLInputElement>('#query'));
  if (!root || !query) return undefined;
  type(query, 'jellis@example.net');
  root.querySelector('form')?.requestSubmit();
  await until(() => root.querySelector('.matches button'));
  return root;
}

/** The search, then J. Ellis chosen: the confirmation, with what moves counted. */
async function confirm(canvasElement: HTMLElement): Promise<ShadowRoot | undefined> {
  const root = await search(canvasElement);
  root?.querySelector<HTMLButtonElement>('.matches button')?.click();
  await until(() => root?.querySelector('#merge[aria-disabled="false"]'));
  return root;
}

async function pressMerge(root: ShadowRoot | undefined): Promise<void> {
  root?.querySelector<HTMLButtonElement>('#merge')?.click();
  await until(() => root?.querySelector('[part="error"]'));
}

const meta: Meta = {
  title: 'Components/Customer merge',
  component: 'cc-customer-merge',
  render: (_args, { loaded }) => {
    const { backend, customer } = loaded as Loaded;
    return html`<cc-backend-provider .backend=${backend}>
      <cc-part-providers .settings=${DEFAULT_SETTINGS} .access=${{ canReveal: false, agent: { id: 'sup-7', name: 'Sam Supervisor' } }}>
        <cc-customer-merge style="max-width: 40rem" .customer=${customer}></cc-customer-merge>
      </cc-part-providers>
    </cc-backend-provider>`;
  },
};
export default meta;

type Story = StoryObj;

/** The action, closed, as a supervisor sees it under a customer's identities. */
export const Default: Story = {
  loaders: [() => jordan('default')],
};

/** Searching for the duplicate: the customer shown is never among the matches. */
export const Search: Story = {
  loaders: [() => jordan('search')],
  play: async ({ canvasElement }) => {
    await search(canvasElement);
  },
};

/** The confirmation: who stays, and what moves from the duplicate (three activities, one request). */
export const Confirm: Story = {
  loaders: [() => jordan('confirm')],
  play: async ({ canvasElement }) => {
    await confirm(canvasElement);
  },
};

/** Merged: the action is back, and the live region said what happened. */
export const Merged: Story = {
  loaders: [() => jordan('merged')],
  play: async ({ canvasElement }) => {
    const root = await confirm(canvasElement);
    root?.querySelector<HTMLButtonElement>('#merge')?.click();
    await until(() => root?.querySelector('[role="status"]')?.textContent?.includes('Merged'));
  },
};

/** The backend refused the merge (403): only a supervisor may merge. */
export const Refused: Story = {
  loaders: [() => jordan('refused', refusingMerges)],
  play: async ({ canvasElement }) => pressMerge(await confirm(canvasElement)),
};

/** Someone changed the duplicate after the supervisor chose it: explained, counted again, to merge again. */
export const Conflict: Story = {
  loaders: [() => jordan('conflict')],
  play: async ({ canvasElement, loaded }) => {
    const root = await confirm(canvasElement);
    const { store, duplicate } = loaded as unknown as Loaded;
    await store.updateCustomer(duplicate.id, { expectedVersion: duplicate.version, tags: ['checked'] });
    await pressMerge(root);
  },
};

/** An agent signed in to a backend that says so: no merge, and who can. */
export const AgentSignedIn: Story = {
  name: 'Agent signed in',
  loaders: [() => jordan('agent', signedInAgent)],
};

export const Dark: Story = {
  loaders: [() => jordan('dark')],
  decorators: [(story) => html`<div style="color-scheme: dark; background: #1c1b1f; color: #e6e1e5; padding: 1rem">${story()}</div>`],
  play: async ({ canvasElement }) => {
    await confirm(canvasElement);
  },
};
