import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ContextBackend } from '../src/backend/adapter.js';
import '../src/components/backend-provider/backend-provider.js';
import '../src/components/customer-search/customer-search.js';
import { customerDisplayName } from '../src/model/customer.js';
import * as stores from './support/story-stores.js';

const demoStore = (story: string, timeoutMs?: number) => stores.demoStore(`customer-search-${story}`, timeoutMs ? { timeoutMs } : {});

interface Loaded {
  readonly backend: ContextBackend;
}

/** What the host hears, shown under the search as a host page would act on it. */
function showEvent(event: Event): void {
  const output = (event.currentTarget as HTMLElement).parentElement?.querySelector('output');
  if (!output) return;
  if (event.type === 'cc-customer-select') {
    output.value = `cc-customer-select: ${customerDisplayName((event as GlobalEventHandlersEventMap['cc-customer-select']).detail.customer)}`;
  } else if (event.type === 'cc-customer-create-request') {
    output.value = `cc-customer-create-request: ${JSON.stringify((event as GlobalEventHandlersEventMap['cc-customer-create-request']).detail.prefill)}`;
  }
}

/** Types `text` into the field and presses Enter, as the agent would. */
function searchFor(text: string): NonNullable<Story['play']> {
  return async ({ canvasElement }) => {
    const search = canvasElement.querySelector('cc-customer-search');
    if (!search) return;
    await search.updateComplete;
    const input = search.shadowRoot?.querySelector('input');
    if (!input) return;
    input.focus();
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
  };
}

const meta: Meta = {
  title: 'Components/Customer search',
  component: 'cc-customer-search',
  render: (_args, { loaded }) => {
    const { backend } = loaded as Loaded;
    return html`<cc-backend-provider .backend=${backend}>
      <div style="max-width: 28rem">
        <cc-customer-search @cc-customer-select=${showEvent} @cc-customer-create-request=${showEvent}></cc-customer-search>
        <output style="display: block; margin-top: 1rem; font: 0.8125rem monospace"></output>
      </div>
    </cc-backend-provider>`;
  },
};
export default meta;

type Story = StoryObj;

/** An empty field on the demo store: try "+1 408 555 0142", "(408) 555-0142", "Ellis" or "jordan.ellis@example.com". */
export const Default: Story = {
  loaders: [async (): Promise<Loaded> => ({ backend: await demoStore('default') })],
};

/** "Ellis" matches Jordan and Morgan: each result says which key matched; arrows and Enter pick one. */
export const SeveralMatches: Story = {
  name: 'Several matches',
  loaders: [async (): Promise<Loaded> => ({ backend: await demoStore('several') })],
  play: searchFor('Ellis'),
};

/** Nobody matches: the empty state offers to create a customer from what was typed. */
export const NotFound: Story = {
  name: 'Not found',
  loaders: [async (): Promise<Loaded> => ({ backend: await demoStore('not-found') })],
  play: searchFor('+1 650 555 0111'),
};

/** The store cannot be reached: a short message and Retry. */
export const Error: Story = {
  loaders: [
    async (): Promise<Loaded> => {
      const store = await demoStore('error');
      store.fault = 'unavailable';
      return { backend: store };
    },
  ],
  play: searchFor('Ellis'),
};

/** The store does not answer (for up to 15 s): "Searching…" appears after ~150 ms. */
export const Loading: Story = {
  loaders: [
    async (): Promise<Loaded> => {
      const store = await demoStore('loading', 15_000);
      store.fault = 'stall';
      return { backend: store };
    },
  ],
  play: searchFor('Ellis'),
};

/** Several matches in the dark scheme, from the tokens alone. */
export const Dark: Story = {
  loaders: [async (): Promise<Loaded> => ({ backend: await demoStore('dark') })],
  play: searchFor('Ellis'),
  decorators: [(story) => html`<div style="color-scheme: dark; background: #1c1b1f; color: #e6e1e5; padding: 1rem">${story()}</div>`],
};
