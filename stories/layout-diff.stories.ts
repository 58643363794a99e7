import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/components/layout-diff/layout-diff.js';
import { STOCK_LAYOUT, addContextTab, diffLines, removeContextTab } from '../src/layout/index.js';

interface Args {
  /** The text before the change. */
  before: string;
  /** The text after it. */
  after: string;
  context: number;
  caption: string;
  beforeLabel: string;
  afterLabel: string;
}

/** The stock layout with the Customer Context tab added, as the layout builder makes it. */
const WITH_TAB = addContextTab(STOCK_LAYOUT).xml ?? STOCK_LAYOUT;

/** A small layout whose tab label changes, and whose empty tab goes: lines removed beside those added. */
const SMALL_BEFORE = `<tabs>
    <tab>
        <id>home</id>
        <label>finesse.container.tabs.agent.homeLabel</label>
    </tab>
    <tab>
        <id>manageCall</id>
    </tab>
</tabs>
`;
const SMALL_AFTER = `<tabs>
    <tab>
        <id>home</id>
        <label>Home</label>
    </tab>
</tabs>
`;

/** Three thousand numbered lines with one changed in the middle: each fold opens a thousand lines a press. */
const LONG = Array.from({ length: 3000 }, (_, index) => `<gadget>/desktop/gadgets/Gadget${index + 1}.jsp</gadget>`);
const LONG_BEFORE = `${LONG.join('\n')}\n`;
const LONG_AFTER = `${LONG.with(1500, '<gadget>/3rdpartygadget/files/ContextService.xml</gadget>').join('\n')}\n`;

/** Presses the first "Show … unchanged lines" button, as the administrator would. */
const openFirstFold: NonNullable<Story['play']> = async ({ canvasElement }) => {
  const diff = canvasElement.querySelector('cc-layout-diff');
  await diff?.updateComplete;
  diff?.shadowRoot?.querySelector<HTMLButtonElement>('tr.fold button')?.click();
  await diff?.updateComplete;
};

const meta: Meta<Args> = {
  title: 'Components/Layout diff',
  component: 'cc-layout-diff',
  args: { before: STOCK_LAYOUT, after: WITH_TAB, context: 3, caption: 'What changes', beforeLabel: 'Current layout', afterLabel: 'New layout' },
  argTypes: {
    before: { control: 'text' },
    after: { control: 'text' },
    context: { control: { type: 'number', min: 0, max: 50, step: 1 } },
    caption: { control: 'text' },
    beforeLabel: { control: 'text' },
    afterLabel: { control: 'text' },
  },
  render: ({ before, after, context, caption, beforeLabel, afterLabel }) =>
    html`<cc-layout-diff
      .rows=${diffLines(before, after)}
      context=${context}
      caption=${caption}
      before-label=${beforeLabel}
      after-label=${afterLabel}
    ></cc-layout-diff>`,
};
export default meta;

type Story = StoryObj<Args>;

/** The tab added to the stock layout: the new lines on the right, the long unchanged stretches folded. */
export const Default: Story = {};

/** The tab taken out again: the lines removed on the left, nothing beside them. */
export const Removed: Story = { args: { before: WITH_TAB, after: removeContextTab(WITH_TAB).xml ?? WITH_TAB } };

/** Lines changed in place: each removed line beside the line added where it was, and one removed with none. */
export const ChangedInPlace: Story = { name: 'Changed in place', args: { before: SMALL_BEFORE, after: SMALL_AFTER } };

/** After "Show … unchanged lines": the fold is open, and the keyboard is on its first line. */
export const FoldOpened: Story = { name: 'Fold opened', play: openFirstFold };

/** No unchanged line kept around the change: only what changes shows. */
export const NoContext: Story = { name: 'No context', args: { context: 0 } };

/** A fold too long to open at once: it opens a thousand lines a press, saying how many remain. */
export const LongFolds: Story = { name: 'Long folds', args: { before: LONG_BEFORE, after: LONG_AFTER, caption: 'Changes', beforeLabel: '', afterLabel: '' } };

/** Nothing differs: no lines, and counts of none. */
export const NoChanges: Story = { name: 'No changes', args: { before: '', after: '' } };

/** Without the host's words: the caption and the column headings the element gives itself. */
export const DefaultLabels: Story = { name: 'Default labels', args: { before: SMALL_BEFORE, after: SMALL_AFTER, caption: '', beforeLabel: '', afterLabel: '' } };

/** The tab added, in the dark scheme from the tokens alone. */
export const Dark: Story = {
  decorators: [(story) => html`<div style="color-scheme: dark; background: #1c1b1f; color: #e6e1e5; padding: 1rem">${story()}</div>`],
};

/** Right to left, as a Hebrew or Arabic desktop shows it: the columns swap sides, the lines keep their order. */
export const RightToLeft: Story = {
  name: 'Right to left',
  args: { before: SMALL_BEFORE, after: SMALL_AFTER },
  globals: { direction: 'rtl' },
};
