import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ContextBackend } from '../src/backend/adapter.js';
import { BuiltInStore } from '../src/backend/index.js';
import '../src/components/activity-list/activity-list.js';
import '../src/components/backend-provider/backend-provider.js';
import { DEMO_IDS, seedDemoJourney } from '../src/demo/journey.js';

const EMPTY_CUSTOMER_ID = '0c5a7e10-4d2b-4f6a-9c31-0000000e0001';
const open = new Map<string, BuiltInStore>();

/** A built-in store of its own for each story, emptied on every visit so stories never share data. */
async function freshStore(story: string, timeoutMs?: number): Promise<BuiltInStore> {
  const databaseName = `cc-story-activity-list-${story}`;
  open.get(databaseName)?.close();
  await BuiltInStore.deleteDatabase(databaseName);
  const store = await BuiltInStore.open({ databaseName, ...(timeoutMs ? { timeoutMs } : {}) });
  open.set(databaseName, store);
  return store;
}

async function demoStore(story: string, timeoutMs?: number): Promise<BuiltInStore> {
  const store = await freshStore(story, timeoutMs);
  await seedDemoJourney(store);
  return store;
}

interface Loaded {
  readonly backend: ContextBackend;
  readonly customerId: string;
}

const meta: Meta = {
  title: 'Components/Activity list',
  component: 'cc-activity-list',
  render: (_args, { loaded }) => {
    const { backend, customerId } = loaded as Loaded;
    return html`<cc-backend-provider .backend=${backend}>
      <cc-activity-list customer-id=${customerId}></cc-activity-list>
    </cc-backend-provider>`;
  },
};
export default meta;

type Story = StoryObj;

/** Jordan Ellis's journey, newest first. */
export const Default: Story = {
  loaders: [async (): Promise<Loaded> => ({ backend: await demoStore('default'), customerId: DEMO_IDS.jordan })],
};

/** A customer with no activities yet. */
export const Empty: Story = {
  loaders: [
    async (): Promise<Loaded> => {
      const store = await freshStore('empty');
      await store.createCustomer({
        id: EMPTY_CUSTOMER_ID,
        dataElements: { Context_First_Name: 'Morgan', Context_Last_Name: 'Ellis', Context_Work_Email: 'morgan.ellis@example.org' },
      });
      return { backend: store, customerId: EMPTY_CUSTOMER_ID };
    },
  ],
};

/** The store is unreachable: the message, its cause and Retry. */
export const Error: Story = {
  loaders: [
    async (): Promise<Loaded> => {
      const store = await demoStore('error');
      store.fault = 'unavailable';
      return { backend: store, customerId: DEMO_IDS.jordan };
    },
  ],
};

/** The store does not answer (for up to 15 s, the longest timeout). */
export const Loading: Story = {
  loaders: [
    async (): Promise<Loaded> => {
      const store = await demoStore('loading', 15_000);
      store.fault = 'stall';
      return { backend: store, customerId: DEMO_IDS.jordan };
    },
  ],
};

/** The journey in the dark scheme, from the tokens alone. */
export const Dark: Story = {
  ...Default,
  loaders: [async (): Promise<Loaded> => ({ backend: await demoStore('dark'), customerId: DEMO_IDS.jordan })],
  decorators: [(story) => html`<div style="color-scheme: dark; background: #1c1b1f; padding: 1rem">${story()}</div>`],
};
