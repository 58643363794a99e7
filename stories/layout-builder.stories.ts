import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/components/layout-builder/layout-builder.js';
import type { LayoutBuilderMode } from '../src/components/layout-builder/layout-builder.js';
import { STOCK_LAYOUT } from '../src/layout/index.js';

/** An older layout: gadgets directly in each tab, a tab with no gadgets and a gadget attribute Finesse does not know. */
const LAYOUT_WITH_WARNINGS = `<finesseLayout xmlns="http://www.cisco.com/vtg/finesse">
    <version>1.0</version>
    <layout>
        <role>Agent</role>
        <page>
            <gadget>/desktop/gadgets/CallControl.jsp</gadget>
        </page>
        <tabs>
            <tab>
                <id>home</id>
                <label>finesse.container.tabs.agent.homeLabel</label>
                <gadgets>
                    <gadget colour="blue">/desktop/gadgets/TeamPerformance.jsp</gadget>
                </gadgets>
            </tab>
            <tab>
                <id>manageCall</id>
                <label>finesse.container.tabs.agent.manageCallLabel</label>
            </tab>
        </tabs>
    </layout>
</finesseLayout>
`;

/** Two tabs share an id, and a closing tag is misspelt: Finesse would refuse it. */
const LAYOUT_WITH_ERRORS = LAYOUT_WITH_WARNINGS.replace('<id>manageCall</id>', '<id>home</id>').replace(
  '<label>finesse.container.tabs.agent.manageCallLabel</label>',
  '<label>finesse.container.tabs.agent.manageCallLabel</lable>',
);

interface Args {
  layout: string;
  mode: LayoutBuilderMode;
}

const meta: Meta<Args> = {
  title: 'Components/Layout builder',
  component: 'cc-layout-builder',
  args: { layout: '', mode: 'add' },
  argTypes: {
    layout: { control: 'text' },
    mode: { control: 'inline-radio', options: ['add', 'remove', 'snippet'] },
  },
  render: ({ layout, mode }) => html`<cc-layout-builder .layout=${layout} mode=${mode}></cc-layout-builder>`,
};
export default meta;

type Story = StoryObj<Args>;

/** Nothing pasted yet: upload, paste or start from the stock layout. */
export const Empty: Story = {};

/** The stock layout with the tab added: no findings, the change side by side, Copy and Download. */
export const ValidWithDiff: Story = { args: { layout: STOCK_LAYOUT } };

/** A layout Finesse accepts with warnings: they are listed beside a result that can still be copied. */
export const WithWarnings: Story = { args: { layout: LAYOUT_WITH_WARNINGS } };

/** A layout with errors: each one leads to its line, and nothing is offered to copy. */
export const WithErrors: Story = { args: { layout: LAYOUT_WITH_ERRORS } };

/** Just the tab, for administrators who edit the layout by hand. */
export const SnippetOnly: Story = { args: { mode: 'snippet' } };

/** The stock layout with the tab added, in the dark scheme from the tokens alone. */
export const Dark: Story = {
  args: { layout: STOCK_LAYOUT },
  decorators: [(story) => html`<div style="color-scheme: dark; background: #1c1b1f; padding: 1rem">${story()}</div>`],
};
