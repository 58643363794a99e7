import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/components/layout-builder/layout-builder.js';
import { DOWNLOAD_NAMES, type CcLayoutBuilder } from '../../src/components/layout-builder/layout-builder.js';
import type { LayoutExportEvent } from '../../src/events/layout-export-event.js';
import type { LayoutResultEvent } from '../../src/events/layout-result-event.js';
import { STOCK_LAYOUT, addContextTab, checkLayout } from '../../src/layout/index.js';
import { allByRole, byRole, focused, nameOf, normalise, queryByRole } from '../support/roles.js';

/** Older style: gadgets directly in the tab, and a tab with none (a warning). */
const LEGACY_LAYOUT = `<finesseLayout xmlns="http://www.cisco.com/vtg/finesse">
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
                    <gadget>/desktop/gadgets/TeamPerformance.jsp</gadget>
                </gadgets>
            </tab>
            <tab>
                <id>manageCall</id>
                <label>finesse.container.tabs.agent.manageCallLabel</label>
            </tab>
            <tab>
                <id>myStatistics</id>
                <label>finesse.container.tabs.agent.myStatisticsLabel</label>
                <gadgets>
                    <gadget>/desktop/gadgets/Stats.jsp</gadget>
                </gadgets>
            </tab>
        </tabs>
    </layout>
</finesseLayout>
`;

/** Not well-formed: the home tab's label has a misspelt closing tag. */
const BROKEN_LAYOUT = LEGACY_LAYOUT.replace('<label>finesse.container.tabs.agent.homeLabel</label>', '<label>finesse.container.tabs.agent.homeLabel</lable>');
const BROKEN_LINE = BROKEN_LAYOUT.split('\n').findIndex((line) => line.includes('</lable>')) + 1;

async function render(layout = '', mode = 'add'): Promise<CcLayoutBuilder> {
  const el = await fixture<CcLayoutBuilder>(html`<cc-layout-builder .layout=${layout} mode=${mode}></cc-layout-builder>`);
  await el.updateComplete;
  return el;
}

const layoutInput = (el: CcLayoutBuilder) => byRole<HTMLTextAreaElement>(el, 'textbox', 'Current layout');
const resultText = (el: CcLayoutBuilder, name = 'New layout') => byRole<HTMLTextAreaElement>(el, 'textbox', name).value;
const findings = (el: CcLayoutBuilder) => allByRole(el, 'listitem').filter((item) => item.classList.contains('finding'));
const announcement = (el: CcLayoutBuilder) => normalise(byRole(el, 'status').textContent);

/** What a paste does: the whole text arrives in one input event. */
async function paste(el: CcLayoutBuilder, text: string): Promise<void> {
  const area = layoutInput(el);
  area.focus();
  area.value = text;
  area.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste' }));
  await el.updateComplete;
}

/** Clicks the way a keyboard user does: focus, then Enter (Space for radios and checkboxes). */
async function activate(el: CcLayoutBuilder, control: HTMLElement): Promise<void> {
  control.focus();
  const isToggle = control instanceof HTMLInputElement && (control.type === 'radio' || control.type === 'checkbox');
  await sendKeys({ press: isToggle ? 'Space' : 'Enter' });
  await el.updateComplete;
}

/** Types into a field by keyboard, replacing what it held. */
async function typeInto(el: CcLayoutBuilder, field: HTMLInputElement, text: string): Promise<void> {
  field.focus();
  field.select();
  await sendKeys({ press: 'Backspace' });
  if (text) await sendKeys({ type: text });
  await el.updateComplete;
}

/** A key pressed with Control held, as Ctrl+A or Ctrl+End. */
async function withControl(key: string): Promise<void> {
  await sendKeys({ down: 'Control' });
  try {
    await sendKeys({ press: key });
  } finally {
    await sendKeys({ up: 'Control' });
  }
}

/** Goes to the end of the current layout by keyboard (Ctrl+End) and types `text` there. */
async function typeAtEnd(el: CcLayoutBuilder, text: string): Promise<void> {
  layoutInput(el).focus();
  await withControl('End');
  await sendKeys({ type: text });
  await el.updateComplete;
}

/** Typed after a layout's last line, it leaves the layout unfinished (not well-formed). */
const UNFINISHED = '<oops';

function addedLines(el: CcLayoutBuilder): string[] {
  const table = byRole(el, 'table');
  return [...table.querySelectorAll('td.added')].map((cell) => normalise(cell.textContent));
}

describe('cc-layout-builder', () => {
  it('renders', async () => {
    const el = await render();
    expect(el).to.be.instanceOf(customElements.get('cc-layout-builder')!);
    expect(layoutInput(el).value).to.equal('');
    expect(byRole<HTMLInputElement>(el, 'radio', 'Add tab').checked).to.equal(true);
    expect(normalise(el.shadowRoot!.querySelector('.results')?.textContent)).to.contain('Paste a layout, upload a file or start from the stock layout.');
  });

  it('is accessible', async () => {
    const el = await render(STOCK_LAYOUT);
    expect(queryByRole(el, 'table')).to.exist;
    await expect(el).to.be.accessible();
  });

  it('is accessible with errors and with warnings', async () => {
    const broken = await render(BROKEN_LAYOUT);
    await expect(broken).to.be.accessible();
    const warned = await render(LEGACY_LAYOUT);
    await expect(warned).to.be.accessible();
  });

  describe('pasting a layout', () => {
    it('shows the added lines side by side, in a table with a caption and line numbers as row headers', async () => {
      const el = await render();
      await paste(el, LEGACY_LAYOUT);
      const table = byRole<HTMLTableElement>(el, 'table');
      expect(normalise(table.caption?.textContent)).to.match(/What changes \(\d+ added, 0 removed\)/);
      const added = addedLines(el);
      expect(added[0]).to.equal('+Added: <tab>');
      expect(added.some((line) => line.includes('<id>manageCustomer</id>'))).to.equal(true);
      expect(added.some((line) => line.includes('<gadget>/desktop/gadgets/ContextService.xml</gadget>'))).to.equal(true);
      const firstAdded = table.querySelector('td.added')!.closest('tr')!;
      expect(firstAdded.querySelector('th[scope="row"]')?.textContent?.trim()).to.match(/^\d+$/);
      expect(resultText(el)).to.equal(addContextTab(LEGACY_LAYOUT).xml);
    });

    it('folds long unchanged runs behind a "Show N unchanged lines" button that the keyboard opens', async () => {
      const el = await render();
      await paste(el, STOCK_LAYOUT);
      const button = byRole(el, 'button', /^Show \d+ unchanged lines$/);
      const hidden = Number(/\d+/.exec(nameOf(button))![0]);
      const table = byRole(el, 'table');
      const before = table.querySelectorAll('tbody tr:not(.fold)').length;
      await activate(el, button);
      const diff = el.shadowRoot!.querySelector('cc-layout-diff')!;
      await diff.updateComplete;
      expect(table.querySelectorAll('tbody tr:not(.fold)').length).to.equal(before + hidden);
      // Focus lands on the first line revealed rather than falling back to the page.
      expect(diff.shadowRoot!.activeElement?.matches('th[scope="row"]')).to.equal(true);
    });

    it('recomputes after typing stops, and fires cc-layout-result for the person’s edits only', async () => {
      const el = await render();
      const results: LayoutResultEvent[] = [];
      el.addEventListener('cc-layout-result', (event) => results.push(event));
      el.layout = LEGACY_LAYOUT;
      await el.updateComplete;
      expect(results).to.have.length(0);
      expect(layoutInput(el).value).to.equal(LEGACY_LAYOUT);
      await typeInto(el, byRole<HTMLInputElement>(el, 'textbox', /^Tab id/), 'customerJourney');
      expect(resultText(el)).to.contain('<id>customerJourney</id>');
      expect(results.at(-1)?.detail).to.include({ mode: 'add', ok: true, changed: true });
      expect(results.at(-1)?.detail.xml).to.contain('<id>customerJourney</id>');
    });

    it('keeps a large paste off the keystroke path and works it out in a worker', async () => {
      const started: (string | URL)[] = [];
      const RealWorker = window.Worker;
      window.Worker = class extends RealWorker {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          started.push(url);
        }
      };
      const el = await render().finally(() => (window.Worker = RealWorker));
      const filler = Array.from({ length: 60_000 }, (_, i) => `    <!-- ${String(i).padStart(6, '0')} padding to make a large layout -->`).join('\n');
      const big = LEGACY_LAYOUT.replace('<version>1.0</version>', `<version>1.0</version>\n${filler}`);
      expect(big.length).to.be.greaterThan(3_000_000);
      const area = layoutInput(el);
      area.value = big;
      area.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste' }));
      // The input event only schedules the work: nothing is computed until the pause.
      expect(queryByRole(el, 'table')).to.equal(undefined);
      await el.updateComplete;
      expect(addedLines(el).some((line) => line.includes('<id>manageCustomer</id>'))).to.equal(true);
      expect(byRole(el, 'table').querySelectorAll('tbody tr').length).to.be.lessThan(40);
      expect(started.map(String).some((url) => url.includes('layout-worker'))).to.equal(true);
      // Megabytes in a second text area would hold the page for seconds: offered, not shown.
      expect(queryByRole(el, 'textbox', 'New layout')).to.equal(undefined);
      expect(normalise(el.shadowRoot!.querySelector('.output')?.textContent)).to.match(/too large to show here/);
      expect(queryByRole(el, 'button', 'Download')).to.exist;
    });
  });

  describe('a large layout', () => {
    it('selects all of a large layout by keyboard with nothing on the page display-locked (a closed <details>)', async function () {
      this.timeout(120_000);
      const el = await render();
      // Chromium walks the whole text on each selection change while any content on the page is
      // display-locked (a closed <details>, content-visibility): Ctrl+A on 2 MB held the page for a minute.
      const gadgetAttributes = byRole(el, 'button', 'Gadget attributes (optional)');
      expect(gadgetAttributes.getAttribute('aria-expanded')).to.equal('false');
      const locked = () =>
        [...el.shadowRoot!.querySelectorAll('*')].filter(
          (element) => (element instanceof HTMLDetailsElement && !element.open) || getComputedStyle(element).contentVisibility !== 'visible',
        );
      expect(locked()).to.deep.equal([]);
      expect(byRole(el, 'textbox', /^Gadget id/).checkVisibility()).to.equal(false);

      const filler = Array.from({ length: 20_000 }, (_, i) => `    <!-- ${String(i).padStart(6, '0')} padding to make a large layout -->`).join('\n');
      await paste(el, LEGACY_LAYOUT.replace('<version>1.0</version>', `<version>1.0</version>\n${filler}`));
      const area = layoutInput(el);
      area.focus();
      await withControl('KeyA');
      expect([area.selectionStart, area.selectionEnd]).to.deep.equal([0, area.value.length]);
      expect(locked()).to.deep.equal([]);

      await activate(el, gadgetAttributes);
      expect(gadgetAttributes.getAttribute('aria-expanded')).to.equal('true');
      const gadgetId = byRole<HTMLInputElement>(el, 'textbox', /^Gadget id/);
      expect(gadgetId.checkVisibility()).to.equal(true);
      await typeInto(el, gadgetId, 'ccGadget');
      expect(addedLines(el).some((line) => line.includes('<gadget id="ccGadget">'))).to.equal(true);
      await activate(el, gadgetAttributes);
      expect(gadgetId.checkVisibility()).to.equal(false);
      expect(locked()).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });
  });

  describe('a large layout, pasted', () => {
    it('goes in by Ctrl+V as one value rather than through the browser’s editing, and Undo gives back the text it replaced', async function () {
      this.timeout(120_000);
      const filler = Array.from({ length: 6_000 }, (_, i) => `    <!-- ${String(i).padStart(6, '0')} padding to make a large layout -->`).join('\n');
      const big = LEGACY_LAYOUT.replace('<version>1.0</version>', `<version>1.0</version>\n${filler}`);
      expect(big.length).to.be.greaterThan(256_000);
      const el = await render(big);
      const area = layoutInput(el);
      area.focus();
      await withControl('KeyA');
      await withControl('KeyC');
      el.layout = LEGACY_LAYOUT;
      await el.updateComplete;
      expect(area.value).to.equal(LEGACY_LAYOUT);

      const pastes: ClipboardEvent[] = [];
      const seen = (event: ClipboardEvent) => pastes.push(event);
      window.addEventListener('paste', seen);
      try {
        area.focus();
        await withControl('KeyA');
        await withControl('KeyV');
        await el.updateComplete;
      } finally {
        window.removeEventListener('paste', seen);
      }
      expect(pastes).to.have.length(1);
      // The page set the text itself: the browser's editing command, which lays the text out many times over, never ran.
      expect(pastes[0]!.defaultPrevented).to.equal(true);
      expect(area.value === big).to.equal(true);
      expect(el.layout === big).to.equal(true);
      expect([area.selectionStart, area.selectionEnd]).to.deep.equal([big.length, big.length]);
      expect(addedLines(el).some((line) => line.includes('<id>manageCustomer</id>'))).to.equal(true);

      await activate(el, byRole(el, 'button', 'Undo: restore my layout'));
      expect(area.value).to.equal(LEGACY_LAYOUT);
      await expect(el).to.be.accessible();
    });
  });

  describe('the layout’s sources', () => {
    it('starts from the stock layout, and Undo gives the pasted text back', async () => {
      const el = await render();
      await paste(el, LEGACY_LAYOUT);
      await activate(el, byRole(el, 'button', 'Start from the stock layout'));
      expect(layoutInput(el).value).to.equal(STOCK_LAYOUT);
      expect(el.layout).to.equal(STOCK_LAYOUT);
      expect(resultText(el)).to.equal(addContextTab(STOCK_LAYOUT).xml);
      await activate(el, byRole(el, 'button', 'Undo: restore my layout'));
      expect(layoutInput(el).value).to.equal(LEGACY_LAYOUT);
    });

    it('reads an uploaded file', async () => {
      const el = await render();
      const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
      expect(nameOf(input)).to.equal('Upload a layout file');
      const files = new DataTransfer();
      files.items.add(new File([LEGACY_LAYOUT], 'agents.xml', { type: 'text/xml' }));
      input.files = files.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      await waitUntil(() => layoutInput(el).value === LEGACY_LAYOUT, 'the file is read');
      await el.updateComplete;
      expect(resultText(el)).to.contain('<id>manageCustomer</id>');
      await waitUntil(() => announcement(el) === 'Loaded agents.xml.', 'the load is announced');
    });
  });

  describe('findings', () => {
    it('shows errors with their severity as text, and offers neither Copy nor Download', async () => {
      const el = await render();
      await paste(el, BROKEN_LAYOUT);
      const [first] = findings(el);
      expect(first).to.exist;
      expect(first!.querySelector('.severity')?.textContent).to.equal('Error');
      expect(first!.querySelector('svg')?.getAttribute('aria-hidden')).to.equal('true');
      expect(normalise(first!.textContent)).to.contain(`line ${BROKEN_LINE}, column `);
      expect(queryByRole(el, 'button', 'Copy')).to.equal(undefined);
      expect(queryByRole(el, 'button', 'Download')).to.equal(undefined);
      expect(queryByRole(el, 'textbox', 'New layout')).to.equal(undefined);
      expect(queryByRole(el, 'table')).to.equal(undefined);
      expect(layoutInput(el).getAttribute('aria-invalid')).to.equal('true');
    });

    it('moves focus and the selection to the line of the finding chosen', async () => {
      const el = await render();
      await paste(el, BROKEN_LAYOUT);
      const button = byRole(el, 'button', new RegExp(`^Error line ${BROKEN_LINE},`));
      await activate(el, button);
      const area = layoutInput(el);
      expect(el.shadowRoot!.activeElement).to.equal(area);
      const selected = area.value.slice(area.selectionStart, area.selectionEnd);
      expect(selected).to.equal(BROKEN_LAYOUT.split('\n')[BROKEN_LINE - 1]);
    });

    it('lists errors first, then by line, in the order Tab reaches them', async () => {
      // Warnings (tabs without gadgets) on lines 9 and 13; errors (a URL with a space, a bad gadget id) on 21 and 22.
      const layout = LEGACY_LAYOUT.replace(
        /(<id>home<\/id>\s*<label>[^<]*<\/label>)\s*<gadgets>[\s\S]*?<\/gadgets>/,
        '$1',
      ).replace(
        '<gadget>/desktop/gadgets/Stats.jsp</gadget>',
        '<gadget>/desktop/gadgets/Stats.jsp?a=b c</gadget>\n                    <gadget id="1x">/desktop/gadgets/Other.jsp</gadget>',
      );
      const el = await render();
      await paste(el, layout);
      const buttons = allByRole(el, 'button', /^(Error|Warning) line \d+,/);
      expect(buttons).to.have.length(4);
      buttons[0]!.focus();
      const reached: string[] = [];
      for (let i = 0; i < buttons.length; i += 1) {
        reached.push(/^(Error|Warning) line (\d+),/.exec(nameOf(focused()!))!.slice(1, 3).join(' '));
        await sendKeys({ press: 'Tab' });
      }
      const lineOf = (text: string) => layout.split('\n').findIndex((line) => line.includes(text)) + 1;
      expect(reached).to.deep.equal([
        `Error ${lineOf('Stats.jsp?a=b c')}`,
        `Error ${lineOf('id="1x"')}`,
        `Warning ${lineOf('<id>home</id>') - 1}`,
        `Warning ${lineOf('<id>manageCall</id>') - 1}`,
      ]);
      await expect(el).to.be.accessible();
    });

    it('shows warnings beside the result, which can still be copied', async () => {
      const el = await render();
      await paste(el, LEGACY_LAYOUT);
      const warnings = findings(el).filter((item) => item.querySelector('.severity')?.textContent === 'Warning');
      expect(warnings.length).to.equal(checkLayout(LEGACY_LAYOUT).findings.filter((f) => f.severity === 'warning').length);
      expect(warnings.length).to.be.greaterThan(0);
      expect(normalise(warnings[0]!.textContent)).to.contain('no gadgets');
      expect(queryByRole(el, 'button', 'Copy')).to.exist;
      expect(normalise(el.shadowRoot!.querySelector('#findings-heading')?.textContent)).to.match(/Findings: \d+ warnings?/);
    });
  });

  describe('status messages', () => {
    it('drops "Line …, column … selected" once that line is fixed', async () => {
      const el = await render(STOCK_LAYOUT);
      await typeAtEnd(el, UNFINISHED);
      expect(layoutInput(el).getAttribute('aria-invalid')).to.equal('true');
      await activate(el, byRole(el, 'button', /^Error line \d+,/));
      await waitUntil(() => /^Line \d+, column \d+ selected in the current layout\.$/.test(announcement(el)), 'the selected line is announced');
      // The line is selected: Backspace takes the unfinished tag out again.
      await sendKeys({ press: 'Backspace' });
      await el.updateComplete;
      expect(layoutInput(el).getAttribute('aria-invalid')).to.equal('false');
      expect(findings(el).filter((item) => item.classList.contains('error'))).to.have.length(0);
      expect(announcement(el)).to.equal('');
      await expect(el).to.be.accessible();
    });

    it('drops "Downloading …" when the layout it came from breaks, leaving only what the broken layout says', async () => {
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = () => undefined;
      try {
        const el = await render(STOCK_LAYOUT);
        await activate(el, byRole(el, 'button', 'Download'));
        await waitUntil(() => announcement(el) === `Downloading ${DOWNLOAD_NAMES.add}.`, 'the download is announced');
        await typeAtEnd(el, UNFINISHED);
        const results = el.shadowRoot!.querySelector('.results')!;
        expect(normalise(results.querySelector('.blocked')?.textContent)).to.match(/^Nothing can be generated while the layout has errors\./);
        expect(announcement(el)).to.equal('');
        expect(normalise(results.textContent)).to.not.contain('Downloading');
        await expect(el).to.be.accessible();
      } finally {
        HTMLAnchorElement.prototype.click = click;
      }
    });
  });

  describe('options', () => {
    it('changes the gadget URL with the presets', async () => {
      const el = await render(LEGACY_LAYOUT);
      await activate(el, byRole(el, 'radio', /^Stock Customer Context gadget/));
      expect(resultText(el)).to.contain('<gadget>/desktop/gadgets/CustomerContext.xml</gadget>');
      await activate(el, byRole(el, 'radio', /^Our gadget, uploaded as a third-party gadget/));
      await typeInto(el, byRole<HTMLInputElement>(el, 'textbox', /^Folder on the Finesse server/), 'cc journey');
      expect(resultText(el)).to.contain('<gadget>/3rdpartygadget/files/cc%20journey/ContextService.xml</gadget>');
    });

    it('points the third-party preset at /3rdpartygadget/files/customer-context/, where the README has it uploaded', async () => {
      const el = await render(LEGACY_LAYOUT);
      const preset = byRole<HTMLInputElement>(el, 'radio', /^Our gadget, uploaded as a third-party gadget/);
      expect(nameOf(preset)).to.contain('/3rdpartygadget/files/customer-context/ContextService.xml');
      await activate(el, preset);
      expect(byRole<HTMLInputElement>(el, 'textbox', /^Folder on the Finesse server/).value).to.equal('customer-context');
      expect(resultText(el)).to.contain('<gadget>/3rdpartygadget/files/customer-context/ContextService.xml</gadget>');
      await expect(el).to.be.accessible();
    });

    it('encodes query parameters and joins them with &amp;', async () => {
      const el = await render(LEGACY_LAYOUT);
      await activate(el, byRole(el, 'button', 'Add parameter'));
      expect(el.shadowRoot!.activeElement).to.equal(byRole(el, 'combobox', 'Name of parameter 1'));
      await sendKeys({ type: 'backend' });
      await typeInto(el, byRole<HTMLInputElement>(el, 'textbox', 'Value of parameter 1'), 'https://ctx.example.com/api?a=1&b=<2>');
      await activate(el, byRole(el, 'button', 'Add parameter'));
      await sendKeys({ type: 'timeout' });
      await typeInto(el, byRole<HTMLInputElement>(el, 'textbox', 'Value of parameter 2'), '1200');
      expect(resultText(el)).to.contain(
        '<gadget>/desktop/gadgets/ContextService.xml?backend=https%3A%2F%2Fctx.example.com%2Fapi%3Fa%3D1%26b%3D%3C2%3E&amp;timeout=1200</gadget>',
      );
      await activate(el, byRole(el, 'button', 'Remove parameter backend'));
      expect(resultText(el)).to.contain('<gadget>/desktop/gadgets/ContextService.xml?timeout=1200</gadget>');
      expect(el.shadowRoot!.activeElement).to.equal(byRole(el, 'combobox', 'Name of parameter 1'));
    });

    it('places the tab after a tab chosen from those in the layout', async () => {
      const el = await render(LEGACY_LAYOUT);
      const position = byRole<HTMLSelectElement>(el, 'combobox', /^Position/);
      expect([...position.options].map((option) => option.textContent?.trim())).to.deep.equal(['Last', 'After home', 'After manageCall', 'After myStatistics']);
      position.focus();
      position.value = 'home';
      position.dispatchEvent(new Event('change', { bubbles: true }));
      await el.updateComplete;
      const xml = resultText(el);
      expect(xml.indexOf('<id>manageCustomer</id>')).to.be.greaterThan(xml.indexOf('<id>home</id>'));
      expect(xml.indexOf('<id>manageCustomer</id>')).to.be.lessThan(xml.indexOf('<id>manageCall</id>'));
    });

    it('adds the tab for the roles chosen, and asks for at least one', async () => {
      const el = await render(STOCK_LAYOUT);
      await activate(el, byRole(el, 'checkbox', 'Supervisor'));
      expect(resultText(el)).to.equal(addContextTab(STOCK_LAYOUT, { roles: ['Agent', 'Supervisor'] }).xml);
      await activate(el, byRole(el, 'checkbox', 'Agent'));
      await activate(el, byRole(el, 'checkbox', 'Supervisor'));
      expect(normalise(el.shadowRoot!.querySelector('#roles-problem')?.textContent)).to.contain('Choose at least one role.');
      expect(queryByRole(el, 'button', 'Copy')).to.equal(undefined);
    });

    it('marks a tab id Finesse would refuse, beside the field', async () => {
      const el = await render(LEGACY_LAYOUT);
      const tabId = byRole<HTMLInputElement>(el, 'textbox', /^Tab id/);
      await typeInto(el, tabId, '1 bad id');
      expect(tabId.getAttribute('aria-invalid')).to.equal('true');
      const problem = el.shadowRoot!.getElementById(tabId.getAttribute('aria-describedby')!.split(' ').at(-1)!);
      expect(normalise(problem?.textContent)).to.contain('starts with a letter');
      expect(queryByRole(el, 'button', 'Download')).to.equal(undefined);
    });
  });

  describe('the same result as the cc-layout command', () => {
    it('gives byte for byte what `cc-layout add --role all --param` gives for the same layout', async function () {
      this.timeout(120_000);
      const el = await render(STOCK_LAYOUT);
      await activate(el, byRole(el, 'checkbox', 'Supervisor'));
      await activate(el, byRole(el, 'button', /Add (a )?parameter/i));
      const [key, value] = allByRole(el, 'textbox').filter((field) => /parameter/i.test(nameOf(field))).slice(-2) as HTMLInputElement[];
      await typeInto(el, key!, 'timeout');
      await typeInto(el, value!, '2000');
      await el.updateComplete;
      const page = resultText(el);
      const cli = await executeServerCommand<{ stdout: string; stderr: string; code: number }, { args: string[]; stdin: string }>('cc-layout', {
        args: ['add', '--role', 'all', '--param', 'timeout=2000', '-'],
        stdin: STOCK_LAYOUT,
      });
      expect(cli.code, cli.stderr).to.equal(0);
      expect(page).to.contain('timeout=2000');
      expect(page).to.equal(cli.stdout);
    });
  });

  describe('modes', () => {
    it('gives only the snippet in snippet mode', async () => {
      const el = await render(LEGACY_LAYOUT);
      await activate(el, byRole(el, 'radio', 'Snippet only'));
      expect(el.mode).to.equal('snippet');
      const snippet = resultText(el, 'Snippet');
      expect(snippet.startsWith('<tab>\n    <id>manageCustomer</id>')).to.equal(true);
      expect(queryByRole(el, 'table')).to.equal(undefined);
      await activate(el, byRole(el, 'radio', /^Columns/));
      expect(resultText(el, 'Snippet')).to.contain('<columns>');
    });

    it('removes the tab again in remove mode', async () => {
      const withTab = addContextTab(LEGACY_LAYOUT).xml!;
      const el = await render(withTab);
      await activate(el, byRole(el, 'radio', 'Remove tab'));
      expect(resultText(el)).to.equal(LEGACY_LAYOUT);
      const removed = [...byRole(el, 'table').querySelectorAll('td.removed')].map((cell) => normalise(cell.textContent));
      expect(removed.some((line) => line === '−Removed: <id>manageCustomer</id>')).to.equal(true);
      expect(queryByRole(el, 'combobox', /^Position/)).to.equal(undefined);
    });
  });

  describe('copy and download', () => {
    let writeText: PropertyDescriptor | undefined;
    let click: typeof HTMLAnchorElement.prototype.click;

    beforeEach(() => {
      writeText = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
      click = HTMLAnchorElement.prototype.click;
    });

    afterEach(() => {
      if (writeText) Object.defineProperty(navigator, 'clipboard', writeText);
      else delete (navigator as { clipboard?: unknown }).clipboard;
      HTMLAnchorElement.prototype.click = click;
    });

    function stubClipboard(): string[] {
      const copied: string[] = [];
      Object.defineProperty(navigator, 'clipboard', {
        configurable: true,
        value: { writeText: async (text: string) => void copied.push(text) },
      });
      return copied;
    }

    it('copies the new layout and announces "Copied" politely', async () => {
      const copied = stubClipboard();
      const el = await render(STOCK_LAYOUT);
      const status = byRole(el, 'status');
      expect(status.closest('[aria-live="assertive"]')).to.equal(null);
      await activate(el, byRole(el, 'button', 'Copy'));
      expect(copied).to.deep.equal([addContextTab(STOCK_LAYOUT).xml]);
      await waitUntil(() => announcement(el) === 'Copied', 'Copied is announced');
    });

    it('downloads the new layout as a file with a telling name', async () => {
      const links: { href: string; download: string }[] = [];
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        links.push({ href: this.href, download: this.download });
      };
      const el = await render(STOCK_LAYOUT);
      await activate(el, byRole(el, 'button', 'Download'));
      expect(links).to.have.length(1);
      expect(links[0]!.download).to.equal('finesse-layout-with-customer-context.xml');
      expect(links[0]!.download).to.equal(DOWNLOAD_NAMES.add);
      expect(links[0]!.href.startsWith('blob:')).to.equal(true);
      const blob = await (await fetch(links[0]!.href)).blob();
      expect(blob.type).to.equal('application/xml');
      expect(await blob.text()).to.equal(addContextTab(STOCK_LAYOUT).xml);
    });

    it('lets the host take over by cancelling cc-layout-export', async () => {
      const copied = stubClipboard();
      const el = await render(LEGACY_LAYOUT, 'snippet');
      const seen: LayoutExportEvent[] = [];
      el.addEventListener('cc-layout-export', (event) => {
        seen.push(event);
        event.preventDefault();
      });
      await activate(el, byRole(el, 'button', 'Copy'));
      expect(copied).to.deep.equal([]);
      expect(seen[0]?.detail).to.include({ action: 'copy', filename: 'customer-context-tab.xml' });
      expect(seen[0]?.detail.xml).to.contain('<id>manageCustomer</id>');
    });
  });
});
