import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { ContextBackend } from '../src/backend/adapter.js';
import type { BuiltInStore } from '../src/backend/index.js';
import '../src/components/backend-provider/backend-provider.js';
import '../src/components/diagnostics/diagnostics.js';
import { DEMO_IDS } from '../src/demo/journey.js';
import { REGISTRATIONS } from '../src/diagnostics/connection-state.js';
import * as stores from './support/story-stores.js';

interface Loaded {
  readonly store: BuiltInStore;
  /** What the panel examines when not the store itself. */
  readonly backend?: ContextBackend;
}

interface Args {
  readonly registration?: string;
  readonly timeout: number;
  readonly refreshInterval: number;
}

/**
 * A store seeded with the Cumulus journey and a morning's work done on it: lookups, the journey
 * read, and one customer id that does not exist, so every figure and the last error have values.
 */
async function workedStore(story: string, timeoutMs = 1200): Promise<BuiltInStore> {
  const store = await stores.demoStore(`diagnostics-${story}`, { timeoutMs });
  await store.findCustomers('Ellis');
  await store.findCustomers('+1 408 555 0142');
  await store.getCustomer(DEMO_IDS.jordan);
  await store.listActivities(DEMO_IDS.jordan);
  await store.listRequests(DEMO_IDS.jordan);
  await store.getCustomer('no-such-customer').catch(() => undefined);
  return store;
}

const meta: Meta<Args> = {
  title: 'Components/Diagnostics',
  component: 'cc-diagnostics',
  args: { registration: 'registered', timeout: 1200, refreshInterval: 30_000 },
  argTypes: {
    registration: { control: 'select', options: [...REGISTRATIONS, ''] },
    timeout: { control: { type: 'number', min: 200, max: 15_000, step: 100 } },
    refreshInterval: { control: { type: 'number', min: 0, step: 1000 } },
  },
  render: (args, { loaded }) => {
    const backend: ContextBackend = (loaded as Loaded).backend ?? (loaded as Loaded).store;
    return html`<cc-backend-provider .backend=${backend}>
      <cc-diagnostics registration=${ifDefined(args.registration || undefined)} timeout=${args.timeout} refresh-interval=${args.refreshInterval}></cc-diagnostics>
    </cc-backend-provider>`;
  },
};
export default meta;

type Story = StoryObj<Args>;

/** Registered and reachable, with the figures of the calls made so far. */
export const Registered: Story = {
  loaders: [async (): Promise<Loaded> => ({ store: await workedStore('registered') })],
};

/** The host reports that this component is not registered with the context service. */
export const NotRegistered: Story = {
  name: 'Not registered',
  args: { registration: 'unregistered' },
  loaders: [async (): Promise<Loaded> => ({ store: await workedStore('not-registered') })],
};

/** Registration under way: "Registration is in progress". */
export const RegistrationInProgress: Story = {
  name: 'Registration in progress',
  args: { registration: 'registering' },
  loaders: [async (): Promise<Loaded> => ({ store: await workedStore('registration-in-progress') })],
};

/** The service refused the registration: Context Service's own words, in the danger colour. */
export const RegistrationInvalid: Story = {
  name: 'Registration invalid',
  args: { registration: 'invalid' },
  loaders: [async (): Promise<Loaded> => ({ store: await workedStore('registration-invalid') })],
};

/**
 * Right after a page refresh, before the first status is known and without the host's word:
 * "Undefined". (Here the status never comes.)
 */
export const Undefined: Story = {
  args: { registration: '' },
  loaders: [
    async (): Promise<Loaded> => {
      const store = await workedStore('undefined');
      const waiting = Object.assign(Object.create(store) as BuiltInStore, { status: () => new Promise<never>(() => undefined) });
      return { store, backend: waiting };
    },
  ],
};

/**
 * Without the host's word, the service cannot be reached to register with it: "Failed to register
 * with the Context Service because of a connection error."
 */
export const ConnectionError: Story = {
  name: 'Connection error',
  args: { registration: '' },
  loaders: [
    async (): Promise<Loaded> => {
      const store = await workedStore('connection-error');
      store.fault = 'unavailable';
      return { store };
    },
  ],
};

/**
 * The backend stalls, as with the demo's "Backend outage" switch: every call times out, the probe
 * finds it unreachable, and the timeout is the last error.
 */
export const DuringOutage: Story = {
  name: 'During outage',
  args: { timeout: 500 },
  loaders: [
    async (): Promise<Loaded> => {
      const store = await workedStore('outage', 500);
      store.fault = 'stall';
      await store.getCustomer(DEMO_IDS.jordan).catch(() => undefined);
      return { store };
    },
  ],
};

/** Dark colours from the --cc-* tokens. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  loaders: [async (): Promise<Loaded> => ({ store: await workedStore('dark') })],
};

/** The panel in French; codes, operation names and figures stay as support reads them. */
export const French: Story = {
  globals: { locale: 'fr' },
  loaders: [async (): Promise<Loaded> => ({ store: await workedStore('french') })],
};
