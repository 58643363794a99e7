import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/components/backend-provider/backend-provider.js';
import '../src/components/customer-search/customer-search.js';

interface Args {
  databaseName?: string;
}

/**
 * `<cc-backend-provider>` shows nothing of its own: the elements inside it use the backend it
 * provides (here a search on the built-in store), and it says why when the store cannot be opened.
 */
const meta: Meta<Args> = {
  title: 'Components/Backend provider',
  component: 'cc-backend-provider',
  args: { databaseName: 'cc-storybook-backend-provider' },
  render: ({ databaseName }) =>
    html`<div style="max-width: 40rem">
      <cc-backend-provider database-name=${ifDefined(databaseName)}><cc-customer-search></cc-customer-search></cc-backend-provider>
    </div>`,
};
export default meta;

type Story = StoryObj<Args>;

/** The built-in store opened: the search inside reads it. */
export const BuiltInStore: Story = { name: 'Built-in store' };

/** The store could not be opened (here, a database name the store refuses): the alert says why, and what is inside still shows. */
export const StoreNotOpened: Story = { name: 'Store not opened', args: { databaseName: 'x'.repeat(201) } };
