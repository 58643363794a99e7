import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { ContextBackend } from '../src/backend/adapter.js';
import type { BuiltInStore } from '../src/backend/index.js';
import '../src/components/backend-provider/backend-provider.js';
import '../src/components/customer-context/customer-context.js';
import type { CcCustomerContext } from '../src/components/customer-context/customer-context.js';
import { DEMO_FIELD_SETS, ensureDemoRiderFields } from '../src/demo/field-sets.js';
import { DEMO_IDS } from '../src/demo/journey.js';
import { BASE_FIELD_SETS, FieldSetRegistry, parseOrganisationFieldSets } from '../src/model/index.js';
import * as stores from './support/story-stores.js';

const demoStore = (story: string, timeoutMs?: number) => stores.demoStore(`customer-context-${story}`, timeoutMs ? { timeoutMs } : {});

interface Loaded {
  readonly store: BuiltInStore;
  readonly customerId?: string;
  /** The organisation's field set JSON, and whether this agent may reveal sensitive fields. */
  readonly fieldSets?: unknown;
  /** Where the gadget fetches the organisation's field set JSON from, instead. */
  readonly fieldSetsUrl?: string;
  readonly revealSensitive?: boolean;
}

interface Args {
  readonly timeout: number;
  readonly labMode: boolean;
  readonly locale?: string;
  readonly theme: 'auto' | 'light' | 'dark';
  readonly dir?: 'ltr' | 'rtl';
}

function gadgetIn(canvas: HTMLElement): CcCustomerContext {
  return canvas.querySelector('cc-customer-context')!;
}

/** Resolves once `check` holds, or after `timeoutMs` (a story still shows what it has). */
async function until(check: () => unknown, timeoutMs = 10_000): Promise<void> {
  const started = performance.now();
  while (!check() && performance.now() - started < timeoutMs) await new Promise((resolve) => setTimeout(resolve, 50));
}

function timelineText(gadget: CcCustomerContext): string {
  return gadget.shadowRoot?.querySelector('cc-journey-timeline')?.shadowRoot?.textContent ?? '';
}

async function journeyShown(gadget: CcCustomerContext): Promise<void> {
  await until(() => timelineText(gadget).includes('New date proposed'));
}

const meta: Meta<Args> = {
  title: 'Gadget/Customer context',
  component: 'cc-customer-context',
  args: { timeout: 1200, labMode: false, theme: 'auto' },
  argTypes: {
    timeout: { control: { type: 'number', min: 200, max: 15_000, step: 100 } },
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    locale: { control: 'text' },
    dir: { control: 'inline-radio', options: ['ltr', 'rtl'] },
  },
  parameters: { layout: 'fullscreen' },
  render: (args, { loaded }) => {
    const { store, customerId, fieldSets, fieldSetsUrl, revealSensitive = false } = loaded as Loaded;
    const backend: ContextBackend = store;
    return html`<cc-backend-provider .backend=${backend}>
      <cc-customer-context
        customer-id=${ifDefined(customerId)}
        timeout=${args.timeout}
        ?lab-mode=${args.labMode}
        locale=${ifDefined(args.locale)}
        theme=${args.theme}
        dir=${ifDefined(args.dir)}
        .fieldSets=${fieldSets}
        field-sets-url=${ifDefined(fieldSetsUrl)}
        ?reveal-sensitive=${revealSensitive}
        agent-id="agent-042"
        agent-name="Sam Rivera"
      ></cc-customer-context>
    </cc-backend-provider>`;
  },
};
export default meta;

type Story = StoryObj<Args>;

/** Jordan Ellis: summary and the six activities of the Cumulus journey. */
export const Default: Story = {
  loaders: [async (): Promise<Loaded> => ({ store: await demoStore('default'), customerId: DEMO_IDS.jordan })],
};

/** The store is slow to answer: skeletons after 150 ms, never an endless spinner (the timeout ends it). */
export const Loading: Story = {
  args: { timeout: 15_000 },
  loaders: [
    async (): Promise<Loaded> => {
      const store = await demoStore('loading', 15_000);
      store.fault = 'stall';
      return { store, customerId: DEMO_IDS.jordan };
    },
  ],
};

/** Nothing chosen yet: the search and a hint. */
export const Empty: Story = {
  loaders: [async (): Promise<Loaded> => ({ store: await demoStore('empty') })],
};

/** A search that matches nobody offers to create the customer, prefilled from what was typed. */
export const NotFound: Story = {
  name: 'Not found',
  loaders: [async (): Promise<Loaded> => ({ store: await demoStore('not-found') })],
  play: async ({ canvasElement }) => {
    await gadgetIn(canvasElement).lookup('+1 408 555 0100');
  },
};

/** A call from a number nobody has, while Jordan Ellis was open: Jordan leaves the screen, and no customer is open. */
export const UnknownCaller: Story = {
  name: 'Unknown caller',
  loaders: [async (): Promise<Loaded> => ({ store: await demoStore('unknown-caller'), customerId: DEMO_IDS.jordan })],
  play: async ({ canvasElement }) => {
    const gadget = gadgetIn(canvasElement);
    await journeyShown(gadget);
    await gadget.lookup('+1 408 555 0100');
  },
};

/** "Ellis" matches two customers: the list says which key matched each. */
export const SeveralMatches: Story = {
  name: 'Several matches',
  loaders: [async (): Promise<Loaded> => ({ store: await demoStore('several-matches') })],
  play: async ({ canvasElement }) => {
    await gadgetIn(canvasElement).lookup('Ellis');
  },
};

/** The store cannot be reached: the message, its cause and Retry. */
export const ErrorState: Story = {
  name: 'Error',
  loaders: [
    async (): Promise<Loaded> => {
      const store = await demoStore('error');
      store.fault = 'unavailable';
      return { store };
    },
  ],
  play: async ({ canvasElement }) => {
    await gadgetIn(canvasElement).refresh();
  },
};

/** The store timed out after Jordan's journey was shown: it stays, marked stale, under the error. */
export const Stale: Story = {
  args: { timeout: 500 },
  loaders: [async (): Promise<Loaded> => ({ store: await demoStore('stale'), customerId: DEMO_IDS.jordan })],
  play: async ({ canvasElement, loaded }) => {
    const gadget = gadgetIn(canvasElement);
    await journeyShown(gadget);
    (loaded as Loaded).store.fault = 'stall';
    await gadget.refresh();
  },
};

/** A customer with 10,000 activities, imported from the synthetic generator: paged and virtualized. */
export const LongHistory: Story = {
  name: 'Long history',
  loaders: [
    async (): Promise<Loaded> => stores.longHistoryStore(),
  ],
};

/** The journey narrowed to SMS. */
export const Filtered: Story = {
  loaders: [async (): Promise<Loaded> => ({ store: await demoStore('filtered'), customerId: DEMO_IDS.jordan })],
  play: async ({ canvasElement }) => {
    const gadget = gadgetIn(canvasElement);
    await journeyShown(gadget);
    const timeline = gadget.shadowRoot!.querySelector('cc-journey-timeline')!;
    const sms = [...timeline.shadowRoot!.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'SMS');
    sms?.click();
  },
};

/** Dark colours from the --cc-* tokens. */
export const Dark: Story = {
  args: { theme: 'dark' },
  loaders: [async (): Promise<Loaded> => ({ store: await demoStore('dark'), customerId: DEMO_IDS.jordan })],
};

/** Laid out right to left, as in an Arabic or Hebrew desktop; phones, addresses, titles and times read in their own direction. */
export const RightToLeft: Story = {
  name: 'Right-to-left',
  args: { dir: 'rtl' },
  loaders: [async (): Promise<Loaded> => ({ store: await stores.rightToLeftStore('customer-context-rtl'), customerId: DEMO_IDS.jordan })],
};

/** The gadget's text in French, with dates and numbers in French too. */
export const French: Story = {
  args: { locale: 'fr' },
  loaders: [async (): Promise<Loaded> => ({ store: await demoStore('french'), customerId: DEMO_IDS.jordan })],
};

/** Lab mode: a band says so above everything, and only here can customers be deleted. */
export const LabMode: Story = {
  name: 'Lab mode',
  args: { labMode: true },
  loaders: [async (): Promise<Loaded> => ({ store: await demoStore('lab-mode'), customerId: DEMO_IDS.jordan })],
};

/** Cumulus's own field set: Jordan's motorcycle VIN, and the date of birth masked with Reveal for an agent the host allows. */
export const OrganisationFields: Story = {
  name: 'Organisation field sets',
  loaders: [
    async (): Promise<Loaded> => {
      const fieldSets = new FieldSetRegistry([...BASE_FIELD_SETS, ...parseOrganisationFieldSets(DEMO_FIELD_SETS)]);
      const store = await stores.demoStore('customer-context-organisation-fields', { fieldSets });
      await ensureDemoRiderFields(store);
      return { store, customerId: DEMO_IDS.jordan, fieldSets: DEMO_FIELD_SETS, revealSensitive: true };
    },
  ],
};

/** The organisation's field sets fail their checks: the gadget says so and works on the base field sets. */
export const FieldSetsRefused: Story = {
  name: 'Field sets refused',
  loaders: [
    async (): Promise<Loaded> => ({
      store: await demoStore('field-sets-refused'),
      customerId: DEMO_IDS.jordan,
      fieldSets: { fieldSets: [{ id: 'cumulus.rider', appliesTo: 'customer', fields: [{ id: 'vin', type: 'colour', label: { en: 'VIN' } }] }] },
    }),
  ],
  play: async ({ canvasElement }) => {
    const gadget = gadgetIn(canvasElement);
    await until(() => gadget.shadowRoot?.querySelector('[part="notice"]'));
  },
};

/** The address of the organisation's field sets does not answer with them: a notice, and the base field sets. */
export const FieldSetsUnavailable: Story = {
  name: 'Field sets unavailable',
  loaders: [
    async (): Promise<Loaded> => ({
      store: await demoStore('field-sets-unavailable'),
      customerId: DEMO_IDS.jordan,
      fieldSetsUrl: './field-sets-that-are-not-there.json',
    }),
  ],
  play: async ({ canvasElement }) => {
    const gadget = gadgetIn(canvasElement);
    await until(() => gadget.shadowRoot?.querySelector('[part="notice"]'));
  },
};
