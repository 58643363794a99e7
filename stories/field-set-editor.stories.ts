import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/components/field-set-editor/field-set-editor.js';
import type { CcFieldSetEditor } from '../src/components/field-set-editor/field-set-editor.js';
import { DEMO_FIELD_SETS } from '../src/demo/field-sets.js';

interface Args {
  readonly value?: unknown;
}

async function editorIn(canvasElement: HTMLElement): Promise<CcFieldSetEditor | undefined> {
  const editor = canvasElement.querySelector('cc-field-set-editor') ?? undefined;
  await editor?.updateComplete;
  return editor;
}

const meta: Meta<Args> = {
  title: 'Admin/Field set editor',
  component: 'cc-field-set-editor',
  render: (args) => html`<cc-field-set-editor .value=${args.value}></cc-field-set-editor>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Nothing yet: a set id to name, and "Add field". */
export const Empty: Story = {};

/** Cumulus's rider set: the motorcycle VIN and the sensitive date of birth, previewed in the customer form. */
export const Default: Story = {
  args: { value: DEMO_FIELD_SETS },
};

/** Two fields with the same id: the message sits under the field, and the JSON cannot be exported. */
export const WithErrors: Story = {
  name: 'With errors',
  args: { value: DEMO_FIELD_SETS },
  play: async ({ canvasElement }) => {
    const editor = await editorIn(canvasElement);
    const second = editor?.shadowRoot?.querySelectorAll<HTMLInputElement>('ol > li input[spellcheck="false"]')[1];
    if (!second || !editor) return;
    second.value = 'Motorcycle_VIN';
    second.dispatchEvent(new Event('input'));
    await editor.updateComplete;
  },
};

/** In the dark scheme, from the tokens alone. */
export const Dark: Story = {
  args: { value: DEMO_FIELD_SETS },
  decorators: [(story) => html`<div style="color-scheme: dark; background: #1c1b1f; color: #e6e1e5; padding: 1rem">${story()}</div>`],
};
