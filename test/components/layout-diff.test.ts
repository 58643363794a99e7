/**
 * The side-by-side view of a layout change: each line removed beside the line added in its place,
 * what changed said in words as well as colour, and long unchanged stretches folded behind a
 * button the keyboard opens.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/components/layout-diff/layout-diff.js';
import type { CcLayoutDiff } from '../../src/components/layout-diff/layout-diff.js';
import { diffLines, type DiffRow } from '../../src/layout/index.js';
import { allByRole, byRole, focused, normalise, queryByRole } from '../support/roles.js';

/** `count` numbered lines, `prefix1` to `prefixN`, as one text. */
function lines(count: number, prefix = 'line '): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${index + 1}`);
}

async function renderDiff(rows: readonly DiffRow[], attributes: { caption?: string; before?: string; after?: string; context?: number } = {}): Promise<CcLayoutDiff> {
  return fixture<CcLayoutDiff>(html`<cc-layout-diff
    .rows=${rows}
    .context=${attributes.context ?? 3}
    caption=${attributes.caption ?? ''}
    before-label=${attributes.before ?? ''}
    after-label=${attributes.after ?? ''}
  ></cc-layout-diff>`);
}

/** What a screen reader reads of `element`: its text without what is hidden from it. */
function spoken(element: Element): string {
  const copy = element.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  return normalise(copy.textContent);
}

/** What is visible of `element`: its text without the words for screen readers only. */
function seen(element: Element): string {
  const copy = element.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll('.visually-hidden')) hidden.remove();
  return normalise(copy.textContent);
}

interface Line {
  readonly beforeNumber: string;
  readonly before: string;
  readonly afterNumber: string;
  readonly after: string;
}

/** The lines of the table as a screen reader reads them, row by row (folds left out). */
function tableLines(element: CcLayoutDiff): Line[] {
  return [...element.shadowRoot!.querySelectorAll('tbody tr:not(.fold)')].map((row) => {
    const cells = [...row.children];
    return { beforeNumber: spoken(cells[0]!), before: spoken(cells[1]!), afterNumber: spoken(cells[2]!), after: spoken(cells[3]!) };
  });
}

function foldButtons(element: CcLayoutDiff): HTMLButtonElement[] {
  return allByRole(element, 'button') as HTMLButtonElement[];
}

describe('cc-layout-diff', () => {
  it('renders', async () => {
    const element = await renderDiff(diffLines('a\nb\nc\n', 'a\nx\nc\nd\n'));
    expect(element).to.be.instanceOf(customElements.get('cc-layout-diff')!);
    const table = byRole<HTMLTableElement>(element, 'table');
    expect(table.getAttribute('part')).to.equal('table');
    expect(normalise(table.caption?.textContent)).to.equal('Changes (2 added, 1 removed)');
  });

  it('is accessible', async () => {
    const before = [...lines(20), 'old'].join('\n');
    const after = [...lines(20), 'new', 'extra'].join('\n');
    const element = await renderDiff(diffLines(before, after), { caption: 'What changes', before: 'Current layout', after: 'New layout' });
    expect(foldButtons(element)).to.have.length(1);
    await expect(element).to.be.accessible();
  });

  describe('table', () => {
    it('names its columns, with the host’s labels where given', async () => {
      const rows = diffLines('a\n', 'b\n');
      const plain = await renderDiff(rows);
      expect(allByRole(plain, 'columnheader').map(spoken)).to.deep.equal(['Line before', 'Before', 'Line after', 'After']);
      const labelled = await renderDiff(rows, { caption: 'What changes', before: 'Current layout', after: 'New layout' });
      expect(allByRole(labelled, 'columnheader').map(spoken)).to.deep.equal(['Line before', 'Current layout', 'Line after', 'New layout']);
      expect(normalise(byRole<HTMLTableElement>(labelled, 'table').caption?.textContent)).to.equal('What changes (1 added, 1 removed)');
    });

    it('counts only the lines added and removed, not those that stay', async () => {
      const element = await renderDiff(diffLines('a\nb\nc\nd\n', 'a\nd\ne\nf\ng\n'));
      expect(normalise(byRole<HTMLTableElement>(element, 'table').caption?.textContent)).to.equal('Changes (3 added, 2 removed)');
    });

    it('counts nothing for no rows, and shows no line', async () => {
      const element = await renderDiff([]);
      expect(normalise(byRole<HTMLTableElement>(element, 'table').caption?.textContent)).to.equal('Changes (0 added, 0 removed)');
      expect(tableLines(element)).to.deep.equal([]);
    });

    it('formats the counts in the reader’s numbers', async () => {
      const element = await renderDiff(diffLines('', `${lines(1234).join('\n')}\n`));
      expect(normalise(byRole<HTMLTableElement>(element, 'table').caption?.textContent)).to.equal('Changes (1,234 added, 0 removed)');
    });
  });

  describe('lines', () => {
    it('sets a removed line beside the line added in its place, and says which is which in words', async () => {
      const element = await renderDiff(diffLines('a\nb\nc\n', 'a\nx\nc\n'));
      expect(tableLines(element)).to.deep.equal([
        { beforeNumber: '1', before: 'a', afterNumber: '1', after: 'a' },
        { beforeNumber: '2', before: 'Removed: b', afterNumber: '2', after: 'Added: x' },
        { beforeNumber: '3', before: 'c', afterNumber: '3', after: 'c' },
      ]);
    });

    it('marks a change with − and + for the eye, which a screen reader does not read', async () => {
      const element = await renderDiff(diffLines('a\nb\n', 'a\nx\n'));
      const changed = element.shadowRoot!.querySelector('tr.change')!;
      const [removed, added] = [...changed.querySelectorAll('td.text')];
      expect(seen(removed!)).to.equal('−b');
      expect(seen(added!)).to.equal('+x');
      expect(removed!.classList.contains('removed')).to.equal(true);
      expect(added!.classList.contains('added')).to.equal(true);
      for (const marker of changed.querySelectorAll('.marker')) expect(marker.getAttribute('aria-hidden')).to.equal('true');
    });

    it('leaves the other side empty where more lines are added than removed, or the other way round', async () => {
      const added = await renderDiff(diffLines('a\nz\n', 'a\nx\ny\nz\n'));
      expect(tableLines(added)).to.deep.equal([
        { beforeNumber: '1', before: 'a', afterNumber: '1', after: 'a' },
        { beforeNumber: '', before: '', afterNumber: '2', after: 'Added: x' },
        { beforeNumber: '', before: '', afterNumber: '3', after: 'Added: y' },
        { beforeNumber: '2', before: 'z', afterNumber: '4', after: 'z' },
      ]);
      // The empty side has no row header, so a screen reader does not announce an empty line number.
      expect(added.shadowRoot!.querySelectorAll('tr.change th[scope="row"]')).to.have.length(2);
      expect(added.shadowRoot!.querySelectorAll('td.text.empty')).to.have.length(2);

      const removed = await renderDiff(diffLines('a\nb\nc\n', 'a\n'));
      expect(tableLines(removed)).to.deep.equal([
        { beforeNumber: '1', before: 'a', afterNumber: '1', after: 'a' },
        { beforeNumber: '2', before: 'Removed: b', afterNumber: '', after: '' },
        { beforeNumber: '3', before: 'Removed: c', afterNumber: '', after: '' },
      ]);
    });

    it('heads each line with its number on each side, as a row header', async () => {
      const element = await renderDiff(diffLines('a\nb\nc\n', 'new\na\nb\nc\n'));
      expect(allByRole(element, 'rowheader').map(spoken)).to.deep.equal(['1', '1', '2', '2', '3', '3', '4']);
    });

    it('shows the text as it is, markup and all, never as markup', async () => {
      const element = await renderDiff(diffLines('<tab>\n', '<tab><img src=x onerror="alert(1)">\n'));
      expect(element.shadowRoot!.querySelector('img')).to.equal(null);
      expect(tableLines(element)[0]!.after).to.equal('Added: <tab><img src=x onerror="alert(1)">');
    });
  });

  describe('folding', () => {
    it('keeps `context` unchanged lines around a change and folds the rest behind a button', async () => {
      const before = [...lines(10), 'old', ...lines(10, 'tail ')].join('\n');
      const after = [...lines(10), 'new', ...lines(10, 'tail ')].join('\n');
      const element = await renderDiff(diffLines(before, after));
      expect(foldButtons(element).map(spoken)).to.deep.equal(['Show 7 unchanged lines', 'Show 7 unchanged lines']);
      expect(tableLines(element).map((line) => line.after)).to.deep.equal(['line 8', 'line 9', 'line 10', 'Added: new', 'tail 1', 'tail 2', 'tail 3']);
    });

    it('folds between two changes only what lies further than `context` from both', async () => {
      const before = ['a', ...lines(10), 'b'].join('\n');
      const after = ['A', ...lines(10), 'B'].join('\n');
      const element = await renderDiff(diffLines(before, after), { context: 2 });
      expect(foldButtons(element).map(spoken)).to.deep.equal(['Show 6 unchanged lines']);
      expect(tableLines(element).map((line) => line.after)).to.deep.equal(['Added: A', 'line 1', 'line 2', 'line 9', 'line 10', 'Added: B']);
    });

    it('does not fold a single line: the button would hide no more than it takes', async () => {
      const before = [...lines(4), 'old'].join('\n');
      const after = [...lines(4), 'new'].join('\n');
      const element = await renderDiff(diffLines(before, after));
      expect(foldButtons(element)).to.deep.equal([]);
      expect(tableLines(element)).to.have.length(5);
    });

    it('follows `context`: none keeps only the changes in view', async () => {
      const before = [...lines(5), 'old', ...lines(5, 'tail ')].join('\n');
      const after = [...lines(5), 'new', ...lines(5, 'tail ')].join('\n');
      const element = await renderDiff(diffLines(before, after), { context: 0 });
      expect(tableLines(element).map((line) => line.after)).to.deep.equal(['Added: new']);
      element.context = 10;
      await element.updateComplete;
      expect(foldButtons(element)).to.deep.equal([]);
      expect(tableLines(element)).to.have.length(11);
    });

    it('opens a fold from the keyboard and moves the focus to the first line it showed', async () => {
      const before = [...lines(10), 'old'].join('\n');
      const after = [...lines(10), 'new'].join('\n');
      const element = await renderDiff(diffLines(before, after));
      const button = byRole(element, 'button', 'Show 7 unchanged lines');
      button.focus();
      await sendKeys({ press: 'Enter' });
      await element.updateComplete;
      expect(foldButtons(element)).to.deep.equal([]);
      expect(tableLines(element).map((line) => line.after)).to.deep.equal([...lines(10), 'Added: new']);
      const active = focused();
      expect(active?.matches('th[scope="row"]'), 'the focus is on a line number').to.equal(true);
      expect(spoken(active!)).to.equal('1');
      expect(active!.closest('tr')?.getAttribute('data-pair')).to.equal('0');
    });

    it('reveals a very long fold a thousand lines a press, saying how many remain', async () => {
      const before = [...lines(2503), 'old'].join('\n');
      const after = [...lines(2503), 'new'].join('\n');
      const element = await renderDiff(diffLines(before, after));
      expect(tableLines(element)).to.have.length(4);
      byRole(element, 'button', 'Show 1,000 of 2,500 unchanged lines').click();
      await element.updateComplete;
      expect(tableLines(element)).to.have.length(1004);
      byRole(element, 'button', 'Show 1,000 of 1,500 unchanged lines').click();
      await element.updateComplete;
      const last = byRole(element, 'button', 'Show 500 unchanged lines');
      last.click();
      await element.updateComplete;
      expect(queryByRole(element, 'button')).to.equal(undefined);
      expect(tableLines(element)).to.have.length(2504);
    });

    it('folds anew when given other rows', async () => {
      const before = [...lines(10), 'old'].join('\n');
      const after = [...lines(10), 'new'].join('\n');
      const element = await renderDiff(diffLines(before, after));
      byRole(element, 'button', 'Show 7 unchanged lines').click();
      await element.updateComplete;
      expect(foldButtons(element)).to.deep.equal([]);
      element.rows = diffLines([...lines(20), 'old'].join('\n'), [...lines(20), 'new'].join('\n'));
      await element.updateComplete;
      expect(foldButtons(element).map(spoken)).to.deep.equal(['Show 17 unchanged lines']);
    });
  });
});
