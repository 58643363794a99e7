import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { ContextBackend } from '../src/backend/adapter.js';
import type { BuiltInStore } from '../src/backend/idb-store.js';
import '../src/components/backend-provider/backend-provider.js';
import '../src/components/note-composer/note-composer.js';
import { DEMO_IDS } from '../src/demo/journey.js';
import * as stores from './support/story-stores.js';

interface Loaded {
  readonly backend: ContextBackend;
}

/** Opens the field and types `text`, as the agent would; `submit` then presses Control+Enter. */
function write(text: string, submit = false): NonNullable<Story['play']> {
  return async ({ canvasElement }) => {
    const composer = canvasElement.querySelector('cc-note-composer');
    if (!composer) return;
    await composer.updateComplete;
    composer.shadowRoot?.querySelector<HTMLButtonElement>('button[aria-expanded]')?.click();
    await composer.updateComplete;
    const field = composer.shadowRoot?.querySelector('textarea');
    if (!field) return;
    field.value = text;
    field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    if (submit) field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, composed: true }));
    await composer.updateComplete;
  };
}

const meta: Meta = {
  title: 'Components/Note composer',
  component: 'cc-note-composer',
  render: (_args, { loaded }) => {
    const { backend } = loaded as Loaded;
    return html`<cc-backend-provider .backend=${backend}>
      <div style="max-width: 32rem"><cc-note-composer customer-id=${DEMO_IDS.jordan}></cc-note-composer></div>
    </cc-backend-provider>`;
  },
  loaders: [async (): Promise<Loaded> => ({ backend: await stores.demoStore('note-composer') })],
};
export default meta;

type Story = StoryObj;

/** Closed: one "Add a note" button, so the journey keeps its room. */
export const Default: Story = {};

/** Open, with a note being written (Control+Enter adds it, Escape closes the field and keeps the text). */
export const Writing: Story = { play: write('Customer asked for a loaner bike while the fault is looked at.') };

/** Nothing written: the agent is asked for a note, next to the field. */
export const EmptyRefused: Story = { play: write('   ', true) };

/** The store cannot be reached: the note stays in the field, with why. */
export const StoreUnavailable: Story = {
  loaders: [
    async (): Promise<Loaded> => {
      const store: BuiltInStore = await stores.demoStore('note-composer-unavailable');
      store.fault = 'unavailable';
      return { backend: store };
    },
  ],
  play: write('Called back: the noise is gone.', true),
};
