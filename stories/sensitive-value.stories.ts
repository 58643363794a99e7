import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ContextBackend, SensitiveFieldGuard } from '../src/backend/adapter.js';
import type { BuiltInStore } from '../src/backend/index.js';
import '../src/components/backend-provider/backend-provider.js';
import '../src/components/sensitive-value/sensitive-value.js';
import { NO_SENSITIVE_ACCESS, type SensitiveAccess } from '../src/contexts/sensitive-access-context.js';
import { DEMO_IDS } from '../src/demo/journey.js';
import { ForbiddenError } from '../src/model/errors.js';
import { storeWith, until } from './support/identities-stories.js';
import './support/part-providers.js';
import * as stores from './support/story-stores.js';

interface Loaded {
  readonly backend: ContextBackend;
  readonly access?: SensitiveAccess;
  /** Whose value it is: none, and it cannot be revealed. */
  readonly customerId?: string;
}

interface Args {
  /** The value once revealed, as the summary formats it. */
  value: string;
  /** The field's label, for the buttons' names. */
  label: string;
}

const MAY_REVEAL: SensitiveAccess = { canReveal: true, agent: { id: 'agent-042', name: 'Sam Rivera' } };

const demoStore = (story: string): Promise<BuiltInStore> => stores.demoStore(`sensitive-value-${story}`);

/**
 * A backend that guards sensitive fields itself, as the shared server does: it says whether this
 * caller may reveal, and records each reveal and answers the value, or refuses it.
 */
async function guardedStore(story: string, reveal: SensitiveFieldGuard['revealField']): Promise<ContextBackend> {
  const store = await demoStore(story);
  const guard: SensitiveFieldGuard = {
    identity: () => Promise.resolve({ id: 'alex', name: 'Alex Agent', roles: ['agent'], canReveal: true }),
    revealField: reveal,
  };
  return storeWith(store, { sensitiveFieldGuard: guard });
}

/** Presses Reveal, as the agent would, and waits until the value or why not shows. */
const reveal: NonNullable<Story['play']> = async ({ canvasElement }) => {
  const element = await until(() => canvasElement.querySelector('cc-sensitive-value'));
  const button = await until(() => element?.shadowRoot?.querySelector<HTMLButtonElement>('button'));
  button?.click();
  await until(() => element?.shadowRoot?.querySelector('.value, [part="error"]'));
};

const meta: Meta<Args> = {
  title: 'Components/Sensitive value',
  component: 'cc-sensitive-value',
  args: { value: 'June 14, 1988', label: 'Date of birth' },
  argTypes: {
    value: { control: 'text' },
    label: { control: 'text' },
  },
  render: ({ value, label }, { loaded }) => {
    const { backend, access = NO_SENSITIVE_ACCESS, customerId = DEMO_IDS.jordan } = loaded as Loaded;
    return html`<cc-backend-provider .backend=${backend}>
      <cc-part-providers .access=${access}>
        <dl style="display: grid; grid-template-columns: max-content 1fr; gap: 0.5rem 1rem; max-width: 32rem">
          <dt>${label}</dt>
          <dd style="margin: 0">
            <cc-sensitive-value .value=${value} label=${label} audit-label="Date of birth" field-id="Date_Of_Birth" customer-id=${customerId}></cc-sensitive-value>
          </dd>
        </dl>
      </cc-part-providers>
    </cc-backend-provider>`;
  },
};
export default meta;

type Story = StoryObj<Args>;

/** Masked, and this agent has no grant to reveal it: the mask and, for a screen reader, "Hidden". */
export const Masked: Story = {
  loaders: [async (): Promise<Loaded> => ({ backend: await demoStore('masked') })],
};

/** The host lets this agent reveal: a Reveal button beside the mask. */
export const Revealable: Story = {
  loaders: [async (): Promise<Loaded> => ({ backend: await demoStore('revealable'), access: MAY_REVEAL })],
};

/** No customer to record the reveal for: masked, with no Reveal, whatever the grant. */
export const NoCustomer: Story = {
  name: 'No customer',
  loaders: [async (): Promise<Loaded> => ({ backend: await demoStore('no-customer'), access: MAY_REVEAL, customerId: '' })],
};

/** The reveal is recorded in Jordan's journey, and the value shows with Hide. */
export const Revealed: Story = {
  loaders: [async (): Promise<Loaded> => ({ backend: await demoStore('revealed'), access: MAY_REVEAL })],
  play: reveal,
};

/** The store cannot be reached: the reveal could not be recorded, so the value stays hidden, and why. */
export const RevealFailed: Story = {
  name: 'Reveal failed',
  loaders: [
    async (): Promise<Loaded> => {
      const store = await demoStore('reveal-failed');
      store.fault = 'unavailable';
      return { backend: store, access: MAY_REVEAL };
    },
  ],
  play: reveal,
};

/** The shared backend is recording the reveal: the button says so (by name too) and takes no second press. */
export const Revealing: Story = {
  loaders: [async (): Promise<Loaded> => ({ backend: await guardedStore('revealing', () => new Promise(() => {})) })],
  play: async ({ canvasElement }) => {
    const element = await until(() => canvasElement.querySelector('cc-sensitive-value'));
    const button = await until(() => element?.shadowRoot?.querySelector<HTMLButtonElement>('button'));
    button?.click();
    await until(() => button?.getAttribute('aria-disabled') === 'true');
  },
};

/** A shared backend decides: it records the reveal and answers the value itself, whatever the host grants. */
export const RevealedByServer: Story = {
  name: 'Revealed by the server',
  loaders: [
    async (): Promise<Loaded> => ({
      backend: await guardedStore('revealed-by-server', () => Promise.resolve({ value: 'June 14, 1988', auditActivityId: 'audit-1' })),
    }),
  ],
  play: reveal,
};

/** The shared backend refuses this agent's role: the value stays hidden, and the agent is told why. */
export const RefusedByServer: Story = {
  name: 'Refused by the server',
  loaders: [
    async (): Promise<Loaded> => ({
      backend: await guardedStore('refused-by-server', () => Promise.reject(new ForbiddenError('Only a supervisor may reveal Date_Of_Birth'))),
    }),
  ],
  play: reveal,
};

export const Dark: Story = {
  loaders: [async (): Promise<Loaded> => ({ backend: await demoStore('dark'), access: MAY_REVEAL })],
  play: reveal,
  decorators: [(story) => html`<div style="color-scheme: dark; background: #1c1b1f; color: #e6e1e5; padding: 1rem">${story()}</div>`],
};
