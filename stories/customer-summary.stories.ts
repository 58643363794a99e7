import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ContextBackend } from '../src/backend/adapter.js';
import '../src/components/backend-provider/backend-provider.js';
import '../src/components/customer-summary/customer-summary.js';
import type { CcCustomerSummary, SummaryMode } from '../src/components/customer-summary/customer-summary.js';
import { DEFAULT_SETTINGS } from '../src/contexts/settings-context.js';
import { NO_SENSITIVE_ACCESS, type SensitiveAccess } from '../src/contexts/sensitive-access-context.js';
import { DEMO_FIELD_SETS, ensureDemoRiderFields } from '../src/demo/field-sets.js';
import { DEMO_IDS } from '../src/demo/journey.js';
import { BASE_FIELD_SETS, FieldSetRegistry, parseOrganisationFieldSets } from '../src/model/index.js';
import type { Customer, CustomerInput } from '../src/model/customer.js';
import './support/part-providers.js';
import * as stores from './support/story-stores.js';


const demoStore = (story: string, labMode = false) => stores.demoStore(`customer-summary-${story}`, { labMode });

interface Loaded {
  readonly backend: ContextBackend;
  readonly fieldSets?: FieldSetRegistry;
  readonly access?: SensitiveAccess;
  readonly customer?: Customer;
  readonly mode?: SummaryMode;
  readonly prefill?: CustomerInput;
  readonly labMode?: boolean;
}

async function jordan(story: string, extra: Partial<Loaded> = {}): Promise<Loaded> {
  const store = await demoStore(story, extra.labMode);
  return { backend: store, customer: await store.getCustomer(DEMO_IDS.jordan), ...extra };
}

async function summaryIn(canvasElement: HTMLElement): Promise<CcCustomerSummary | undefined> {
  const summary = canvasElement.querySelector('cc-customer-summary') ?? undefined;
  await summary?.updateComplete;
  return summary;
}

/** Sets a field of the open form as the agent would type it, then submits the form. */
async function typeAndSave(summary: CcCustomerSummary, fieldId: string, value: string): Promise<void> {
  const input = summary.shadowRoot?.querySelector<HTMLInputElement>(`#field-${fieldId}`);
  if (!input) return;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await summary.updateComplete;
  summary.shadowRoot?.querySelector('form')?.requestSubmit();
}

const meta: Meta = {
  title: 'Components/Customer summary',
  component: 'cc-customer-summary',
  render: (_args, { loaded }) => {
    const { backend, customer, mode = 'view', prefill, labMode = false, fieldSets, access = NO_SENSITIVE_ACCESS } = loaded as Loaded;
    return html`<cc-backend-provider .backend=${backend}>
      <cc-part-providers .settings=${{ ...DEFAULT_SETTINGS, labMode }} .fieldSets=${fieldSets} .access=${access}>
        <cc-customer-summary style="max-width: 40rem" .customer=${customer} .prefill=${prefill} mode=${mode}></cc-customer-summary>
      </cc-part-providers>
    </cc-backend-provider>`;
  },
};
export default meta;

type Story = StoryObj;

/** Jordan Ellis: phone, email, address, language and the motorcycle tag. */
export const Default: Story = {
  loaders: [() => jordan('default')],
};

/** The in-place form, filled with Jordan's details. */
export const Editing: Story = {
  loaders: [() => jordan('editing', { mode: 'edit' })],
};

/** A phone the model refuses: the message sits under the field, which takes focus. */
export const ValidationError: Story = {
  name: 'Validation error',
  loaders: [() => jordan('validation', { mode: 'edit' })],
  play: async ({ canvasElement }) => {
    const summary = await summaryIn(canvasElement);
    if (summary) await typeAndSave(summary, 'Context_Mobile_Phone', '408 555');
  },
};

/** Another agent saved while this one edited: the agent chooses whose changes to keep. */
export const Conflict: Story = {
  loaders: [() => jordan('conflict', { mode: 'edit' })],
  play: async ({ canvasElement, loaded }) => {
    const summary = await summaryIn(canvasElement);
    if (!summary) return;
    await (loaded as Loaded).backend.updateCustomer(DEMO_IDS.jordan, {
      expectedVersion: 1,
      dataElements: { Context_City: 'Santa Clara', Context_ZIP: '95050' },
    });
    await typeAndSave(summary, 'Context_First_Name', 'Jordy');
  },
};

/** A new customer, filled from a search for a name that matched nobody. */
export const Create: Story = {
  loaders: [
    async (): Promise<Loaded> => ({
      backend: await demoStore('create'),
      mode: 'create',
      prefill: { dataElements: { Context_First_Name: 'Avery', Context_Last_Name: 'Quinn', Context_Mobile_Phone: '+1 650 555 0111' } },
    }),
  ],
};

/** Creating a customer whose phone Jordan Ellis already has: the form asks first, "Open Jordan Ellis" or "Create anyway". */
export const AlreadyACustomer: Story = {
  name: 'Already a customer',
  loaders: [
    async (): Promise<Loaded> => ({
      backend: await demoStore('already-a-customer'),
      mode: 'create',
      prefill: { dataElements: { Context_First_Name: 'Riley', Context_Last_Name: 'Park', Context_Mobile_Phone: '+1 408 555 0142' } },
    }),
  ],
  play: async ({ canvasElement }) => {
    const summary = await summaryIn(canvasElement);
    summary?.shadowRoot?.querySelector('form')?.requestSubmit();
    // The store answers within a story's patience; the story shows whatever it has by then.
    const started = performance.now();
    while (summary && !summary.shadowRoot?.querySelector('[part="duplicates"]') && performance.now() - started < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  },
};

/** Lab mode: only here does "Delete customer" exist, behind a confirmation. */
export const LabMode: Story = {
  name: 'Lab mode',
  loaders: [() => jordan('lab-mode', { labMode: true })],
};

/** Jordan Ellis in the dark scheme, from the tokens alone. */
export const Dark: Story = {
  loaders: [() => jordan('dark')],
  decorators: [(story) => html`<div style="color-scheme: dark; background: #1c1b1f; color: #e6e1e5; padding: 1rem">${story()}</div>`],
};

const riderFieldSets = () => new FieldSetRegistry([...BASE_FIELD_SETS, ...parseOrganisationFieldSets(DEMO_FIELD_SETS)]);
const MAY_REVEAL: SensitiveAccess = { canReveal: true, agent: { id: 'agent-042', name: 'Sam Rivera' } };

/** Jordan with Cumulus's own field set: the motorcycle VIN, and the sensitive date of birth. */
async function rider(story: string, extra: Partial<Loaded> = {}): Promise<Loaded> {
  const fieldSets = riderFieldSets();
  const store = await stores.demoStore(`customer-summary-${story}`, { fieldSets });
  await ensureDemoRiderFields(store);
  return { backend: store, customer: await store.getCustomer(DEMO_IDS.jordan), fieldSets, ...extra };
}

/** The date of birth masked; this agent has no grant to reveal it. */
export const Masked: Story = {
  loaders: [() => rider('masked')],
};

/** The agent is allowed: a Reveal button beside the mask. */
export const Revealable: Story = {
  loaders: [() => rider('revealable', { access: MAY_REVEAL })],
};

/** After Reveal: the reveal is recorded in the journey, and the date shows with Hide. */
export const Revealed: Story = {
  loaders: [() => rider('revealed', { access: MAY_REVEAL })],
  play: async ({ canvasElement }) => {
    const summary = await summaryIn(canvasElement);
    const value = summary?.shadowRoot?.querySelector('cc-sensitive-value');
    await value?.updateComplete;
    value?.shadowRoot?.querySelector('button')?.click();
    const started = performance.now();
    while (value && !value.shadowRoot?.textContent?.includes('1988') && performance.now() - started < 5000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  },
};

/** The form with the organisation's fields: the date of birth empty, since the form never shows it. */
export const OrganisationFieldsEditing: Story = {
  name: 'Organisation fields, editing',
  loaders: [() => rider('organisation-editing', { mode: 'edit' })],
};

/** What a backend sent that fits no field set, or not its field, shown as it came and marked. */
export const UnknownFields: Story = {
  name: 'Unknown and mistyped fields',
  loaders: [
    async (): Promise<Loaded> => {
      const loaded = await rider('unknown-fields');
      const customer = loaded.customer!;
      return {
        ...loaded,
        customer: { ...customer, dataElements: { ...customer.dataElements, Loyalty_Tier: 'Gold', Motorcycle_VIN: 750142, Date_Of_Birth: 19880614 } },
      };
    },
  ],
};
