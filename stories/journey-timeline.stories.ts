import { ContextProvider } from '@lit/context';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { LitElement, html } from 'lit';
import type { ContextBackend } from '../src/backend/adapter.js';
import type { BuiltInStore } from '../src/backend/index.js';
import '../src/components/backend-provider/backend-provider.js';
import '../src/components/journey-timeline/journey-timeline.js';
import type { CcJourneyTimeline } from '../src/components/journey-timeline/journey-timeline.js';
import { DEMO_IDS } from '../src/demo/journey.js';
import * as stores from './support/story-stores.js';
import { fieldSetsContext } from '../src/contexts/field-sets-context.js';
import { BASE_FIELD_SETS, FieldSetRegistry, parseOrganisationFieldSets } from '../src/model/index.js';

const demoStore = (story: string, timeoutMs?: number) => stores.demoStore(`journey-timeline-${story}`, timeoutMs ? { timeoutMs } : {});

interface Loaded {
  readonly backend: ContextBackend;
  readonly customerId: string;
  /** Set after the journey loaded, to show the stale state. */
  readonly store?: BuiltInStore;
}

function timelineIn(canvas: HTMLElement): CcJourneyTimeline {
  return canvas.querySelector('cc-journey-timeline')!;
}

/** Resolves once the timeline shows its first activity (or gives up after `timeoutMs`). */
async function loaded(timeline: CcJourneyTimeline, timeoutMs = 10_000): Promise<void> {
  const start = performance.now();
  while (!timeline.shadowRoot?.querySelector('button.toggle') && performance.now() - start < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function pressChannel(timeline: CcJourneyTimeline, name: string): void {
  const buttons = [...(timeline.shadowRoot?.querySelectorAll<HTMLButtonElement>('button.channel-filter') ?? [])];
  buttons.find((button) => button.textContent?.trim() === name)?.click();
}

const meta: Meta = {
  title: 'Components/Journey timeline',
  component: 'cc-journey-timeline',
  render: (_args, { loaded: data }) => {
    const { backend, customerId } = data as Loaded;
    return html`<cc-backend-provider .backend=${backend}>
      <cc-journey-timeline customer-id=${customerId}></cc-journey-timeline>
    </cc-backend-provider>`;
  },
};
export default meta;

type Story = StoryObj;

/** Jordan Ellis's journey: six activities over three days, newest first. */
export const Default: Story = {
  loaders: [async (): Promise<Loaded> => ({ backend: await demoStore('default'), customerId: DEMO_IDS.jordan })],
};

/** The store does not answer (for up to 15 s, the longest timeout): skeleton rows after 150 ms. */
export const Loading: Story = {
  loaders: [
    async (): Promise<Loaded> => {
      const store = await demoStore('loading', 15_000);
      store.fault = 'stall';
      return { backend: store, customerId: DEMO_IDS.jordan };
    },
  ],
};

/** A customer with no activities yet (Morgan Ellis). */
export const Empty: Story = {
  loaders: [async (): Promise<Loaded> => ({ backend: await demoStore('empty'), customerId: DEMO_IDS.morgan })],
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

/** The journey loaded, then the store went away while the agent filtered: what was shown stays, marked stale. */
export const Stale: Story = {
  loaders: [
    async (): Promise<Loaded> => {
      const store = await demoStore('stale');
      return { backend: store, customerId: DEMO_IDS.jordan, store };
    },
  ],
  play: async ({ canvasElement, loaded: data }) => {
    const timeline = timelineIn(canvasElement);
    await loaded(timeline);
    (data as Loaded).store!.fault = 'unavailable';
    pressChannel(timeline, 'SMS');
  },
};

/** 10,000 activities for one customer, paged in 50 at a time as the list scrolls. */
export const LongHistory: Story = {
  loaders: [
    async (): Promise<Loaded> => {
      const { store, customerId } = await stores.longHistoryStore();
      return { backend: store, customerId };
    },
  ],
};

/** Narrowed to SMS: the two text messages of the journey. */
export const Filtered: Story = {
  loaders: [async (): Promise<Loaded> => ({ backend: await demoStore('filtered'), customerId: DEMO_IDS.jordan })],
  play: async ({ canvasElement }) => {
    const timeline = timelineIn(canvasElement);
    await loaded(timeline);
    pressChannel(timeline, 'SMS');
  },
};

/** The journey in the dark scheme, from the tokens alone. */
export const Dark: Story = {
  loaders: [async (): Promise<Loaded> => ({ backend: await demoStore('dark'), customerId: DEMO_IDS.jordan })],
  decorators: [(story) => html`<div style="color-scheme: dark; background: #1c1b1f; padding: 1rem">${story()}</div>`],
};

/** A right-to-left page: the layout mirrors through logical properties; Latin, Hebrew and Arabic values each read in their own direction. */
export const RightToLeft: Story = {
  loaders: [async (): Promise<Loaded> => ({ backend: await stores.rightToLeftStore('journey-timeline-rtl'), customerId: DEMO_IDS.jordan })],
  decorators: [(story) => html`<div dir="rtl">${story()}</div>`],
};

/** Provides field sets to what it wraps, as `<cc-customer-context>` does with the organisation's. */
class StoryFieldSets extends LitElement {
  private readonly provider = new ContextProvider(this, { context: fieldSetsContext });

  set fieldSets(value: FieldSetRegistry) {
    this.provider.setValue(value);
  }

  override render() {
    return html`<slot></slot>`;
  }
}
if (!customElements.get('cc-story-timeline-field-sets')) customElements.define('cc-story-timeline-field-sets', StoryFieldSets);

const WORKSHOP = {
  fieldSets: [
    {
      id: 'cumulus.workshop',
      appliesTo: 'activity',
      fields: [
        { id: 'Odometer_Km', type: 'number', label: { en: 'Odometer (km)', fr: 'Compteur (km)' } },
        { id: 'Licence_Number', type: 'string', sensitive: true, label: { en: 'Licence number', fr: 'Numéro de permis' } },
      ],
    },
  ],
};

/**
 * An activity with the organisation's workshop fields, expanded: the odometer by its label and in
 * the agent's number format, the licence number masked, and a field the timeline does not know
 * (Loyalty_Tier, from another system) shown as it came, marked.
 */
export const OrganisationFields: Story = {
  name: 'Organisation fields',
  render: (_args, { loaded: data }) => {
    const { backend, customerId, fieldSets } = data as Loaded & { fieldSets: FieldSetRegistry };
    return html`<cc-story-timeline-field-sets .fieldSets=${fieldSets}>
      <cc-backend-provider .backend=${backend}>
        <cc-journey-timeline customer-id=${customerId}></cc-journey-timeline>
      </cc-backend-provider>
    </cc-story-timeline-field-sets>`;
  },
  loaders: [
    async (): Promise<Loaded & { fieldSets: FieldSetRegistry }> => {
      const loyalty = parseOrganisationFieldSets({
        fieldSets: [{ id: 'partner.loyalty', appliesTo: 'activity', fields: [{ id: 'Loyalty_Tier', type: 'string', label: { en: 'Loyalty tier' } }] }],
      });
      const workshop = parseOrganisationFieldSets(WORKSHOP);
      const store = await stores.demoStore('journey-timeline-organisation-fields', { fieldSets: new FieldSetRegistry([...BASE_FIELD_SETS, ...workshop, ...loyalty]) });
      await store.createActivity({
        customerId: DEMO_IDS.jordan,
        mediaType: 'voice',
        title: 'Workshop check-in',
        fieldsets: ['cisco.base.pod', 'cumulus.workshop', 'partner.loyalty'],
        dataElements: { Odometer_Km: 10432.5, Licence_Number: 'D1234-56789', Loyalty_Tier: 'Gold' },
      });
      // The timeline knows the workshop set, not the partner's.
      return { backend: store, customerId: DEMO_IDS.jordan, fieldSets: new FieldSetRegistry([...BASE_FIELD_SETS, ...workshop]) };
    },
  ],
  play: async ({ canvasElement }) => {
    const timeline = timelineIn(canvasElement);
    await loaded(timeline);
    const toggle = [...(timeline.shadowRoot?.querySelectorAll<HTMLButtonElement>('button.toggle') ?? [])].find((button) =>
      button.textContent?.includes('Workshop check-in'),
    );
    toggle?.click();
    await timeline.updateComplete;
  },
};
