import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/components/field-set-editor/field-set-editor.js';
import type { CcFieldSetEditor } from '../../src/components/field-set-editor/field-set-editor.js';
import { DEMO_FIELD_SETS } from '../../src/demo/field-sets.js';
import type { FieldSetsApplyEvent } from '../../src/events/field-sets-apply.js';
import type { FieldSetsExportEvent } from '../../src/events/field-sets-export.js';
import { parseOrganisationFieldSets } from '../../src/model/index.js';

async function renderEditor(value?: unknown): Promise<CcFieldSetEditor> {
  const editor = await fixture<CcFieldSetEditor>(html`<cc-field-set-editor .value=${value}></cc-field-set-editor>`);
  await editor.updateComplete;
  return editor;
}

function root(editor: CcFieldSetEditor): ShadowRoot {
  return editor.shadowRoot!;
}

/** The control a label names, within `scope` (a field's group) or the whole editor. */
function control<T extends HTMLElement = HTMLInputElement>(editor: CcFieldSetEditor, label: string, scope: ParentNode = root(editor)): T {
  const element = [...scope.querySelectorAll('label')].find((candidate) => candidate.textContent?.trim() === label);
  expect(element, `a control labelled "${label}"`).to.not.equal(undefined);
  return root(editor).getElementById(element!.htmlFor) as T;
}

function button(editor: CcFieldSetEditor, name: string): HTMLButtonElement {
  const found = [...root(editor).querySelectorAll('button')].find((candidate) => candidate.textContent?.replace(/\s+/g, ' ').trim() === name);
  expect(found, `a button named "${name}"`).to.not.equal(undefined);
  return found!;
}

function groups(editor: CcFieldSetEditor): HTMLFieldSetElement[] {
  return [...root(editor).querySelectorAll<HTMLFieldSetElement>('ol > li > fieldset')];
}

function legends(editor: CcFieldSetEditor): string[] {
  return groups(editor).map((group) => group.querySelector('legend')?.textContent?.trim() ?? '');
}

async function type(element: HTMLInputElement | HTMLTextAreaElement, text: string): Promise<void> {
  element.focus();
  element.select();
  await sendKeys({ press: 'Backspace' });
  if (text) await sendKeys({ type: text });
}

function exported(editor: CcFieldSetEditor): unknown {
  return JSON.parse((root(editor).getElementById('json') as HTMLTextAreaElement).value);
}

function preview(editor: CcFieldSetEditor): ShadowRoot | undefined {
  return root(editor).querySelector('cc-customer-summary')?.shadowRoot ?? undefined;
}

describe('cc-field-set-editor', () => {
  it('renders', async () => {
    const editor = await renderEditor();
    expect(editor).to.be.instanceOf(customElements.get('cc-field-set-editor')!);
    expect(root(editor).querySelector('h2')?.textContent).to.equal('Field set');
  });

  it('is accessible', async () => {
    const editor = await renderEditor(DEMO_FIELD_SETS);
    await waitUntil(() => preview(editor)?.querySelector('form'), 'The preview');
    await expect(editor).to.be.accessible();
  });

  describe('loading', () => {
    it('shows each field of the JSON in order, and writes the same JSON back', async () => {
      const editor = await renderEditor(DEMO_FIELD_SETS);
      expect(legends(editor)).to.deep.equal(['Motorcycle VIN', 'Date of birth']);
      expect(control(editor, 'Set id').value).to.equal('cumulus.rider');
      expect(control(editor, 'Field id', groups(editor)[0]).value).to.equal('Motorcycle_VIN');
      expect(control(editor, 'Maximum length', groups(editor)[0]).value).to.equal('17');
      expect(control(editor, 'Sensitive: masked until revealed', groups(editor)[1]).checked).to.equal(true);
      expect(exported(editor)).to.deep.equal(JSON.parse(JSON.stringify(DEMO_FIELD_SETS)));
    });

    it('keeps what it has no control for: other languages’ labels, searchable, and further sets', async () => {
      const document = {
        fieldSets: [
          { id: 'acme.one', appliesTo: 'customer', fields: [{ id: 'Nick', type: 'string', searchable: false, label: { en: 'Nickname', de: 'Spitzname' } }] },
          { id: 'acme.two', appliesTo: 'activity', fields: [{ id: 'Km', type: 'number', label: { en: 'Km' } }] },
        ],
      };
      const editor = await renderEditor(document);
      expect(exported(editor)).to.deep.equal(document);
    });

    it('loads pasted JSON, and says what is wrong with JSON it cannot use', async () => {
      const editor = await renderEditor();
      const paste = control<HTMLTextAreaElement>(editor, 'Load a field set JSON');
      await type(paste, '{"fieldSets": [');
      button(editor, 'Load').click();
      await editor.updateComplete;
      expect(root(editor).getElementById('import-error')?.textContent).to.contain('Not JSON.');
      expect(root(editor).activeElement).to.equal(paste);
      paste.value = JSON.stringify({ fieldSets: [{ id: 'cisco.mine', appliesTo: 'customer', fields: [] }] });
      paste.dispatchEvent(new Event('input'));
      button(editor, 'Load').click();
      await editor.updateComplete;
      expect(root(editor).getElementById('import-error')?.textContent).to.contain('reserved');
      paste.value = JSON.stringify(DEMO_FIELD_SETS);
      paste.dispatchEvent(new Event('input'));
      button(editor, 'Load').click();
      await editor.updateComplete;
      expect(legends(editor)).to.deep.equal(['Motorcycle VIN', 'Date of birth']);
      expect(root(editor).getElementById('import-error')).to.equal(null);
    });
  });

  describe('editing', () => {
    it('adds fields and orders them by keyboard alone', async () => {
      const editor = await renderEditor();
      await type(control(editor, 'Set id'), 'cumulus.rider');
      button(editor, 'Add field').focus();
      await sendKeys({ press: 'Enter' });
      await editor.updateComplete;
      expect(root(editor).activeElement).to.equal(control(editor, 'Field id', groups(editor)[0]));
      await sendKeys({ type: 'Motorcycle_VIN' });
      await type(control(editor, 'Label in English', groups(editor)[0]), 'Motorcycle VIN');
      button(editor, 'Add field').click();
      await editor.updateComplete;
      await sendKeys({ type: 'Date_Of_Birth' });
      await type(control(editor, 'Label in English', groups(editor)[1]), 'Date of birth');
      const kind = control<HTMLSelectElement>(editor, 'Type', groups(editor)[1]);
      kind.value = 'date';
      kind.dispatchEvent(new Event('change'));
      control(editor, 'Sensitive: masked until revealed', groups(editor)[1]).click();
      await editor.updateComplete;
      expect(legends(editor)).to.deep.equal(['Motorcycle VIN', 'Date of birth']);
      button(editor, 'Move up: Date of birth').focus();
      await sendKeys({ press: 'Enter' });
      await editor.updateComplete;
      expect(legends(editor)).to.deep.equal(['Date of birth', 'Motorcycle VIN']);
      // At the top, "up" is disabled: the keyboard stays on the moved field's other move button.
      expect(root(editor).activeElement).to.equal(button(editor, 'Move down: Date of birth'));
      expect(exported(editor)).to.deep.equal({
        fieldSets: [
          {
            id: 'cumulus.rider',
            appliesTo: 'customer',
            fields: [
              { id: 'Date_Of_Birth', type: 'date', label: { en: 'Date of birth' }, sensitive: true },
              { id: 'Motorcycle_VIN', type: 'string', label: { en: 'Motorcycle VIN' } },
            ],
          },
        ],
      });
      expect(() => parseOrganisationFieldSets(exported(editor))).not.to.throw();
      button(editor, 'Remove: Date of birth').click();
      await editor.updateComplete;
      expect(legends(editor)).to.deep.equal(['Motorcycle VIN']);
    });

    it('says what is wrong next to the field, and offers no export until it is fixed', async () => {
      const editor = await renderEditor(DEMO_FIELD_SETS);
      const id = control(editor, 'Field id', groups(editor)[1]);
      await type(id, 'Motorcycle_VIN');
      await editor.updateComplete;
      expect(id.getAttribute('aria-invalid')).to.equal('true');
      expect(root(editor).getElementById(id.getAttribute('aria-describedby')!)?.textContent).to.contain('twice');
      expect(button(editor, 'Download JSON').disabled).to.equal(true);
      expect(root(editor).querySelector('[part="issues"]')?.getAttribute('role')).to.equal('alert');
      await type(id, 'Context_First_Name');
      expect(root(editor).getElementById(id.getAttribute('aria-describedby')!)?.textContent).to.contain('base field');
      await type(id, 'Date_Of_Birth');
      const length = control(editor, 'Maximum length', groups(editor)[0]);
      await type(length, 'ten');
      expect(length.getAttribute('aria-invalid')).to.equal('true');
      await type(length, '17');
      expect(button(editor, 'Download JSON').disabled).to.equal(false);
      expect(root(editor).querySelector('[part="issues"]')).to.equal(null);
    });
  });

  describe('preview', () => {
    it('shows the new customer form with the set’s fields, and follows the edits', async () => {
      const editor = await renderEditor(DEMO_FIELD_SETS);
      await waitUntil(() => preview(editor)?.querySelector('form'), 'The preview');
      const labels = () => [...preview(editor)!.querySelectorAll('label')].map((label) => label.textContent?.trim());
      expect(labels()).to.include('Motorcycle VIN').and.to.include('Date of birth');
      expect([...preview(editor)!.querySelectorAll('legend')].map((legend) => legend.textContent?.trim())).to.include('Rider');
      await type(control(editor, 'Label in English', groups(editor)[0]), 'VIN');
      await waitUntil(() => labels().includes('VIN'), 'The preview follows the label');
      await expect(editor).to.be.accessible();
    });

    it('saves nothing: a customer made in the preview shows as the gadget would, the sensitive field masked', async () => {
      const editor = await renderEditor(DEMO_FIELD_SETS);
      await waitUntil(() => preview(editor)?.querySelector('form'), 'The preview');
      const summary = root(editor).querySelector('cc-customer-summary')!;
      const input = (name: string) => preview(editor)!.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
      for (const [name, value] of [['Context_Last_Name', 'Quinn'], ['Date_Of_Birth', '1990-04-17']] as const) {
        input(name).value = value;
        input(name).dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      }
      preview(editor)!.querySelector('form')!.requestSubmit();
      await waitUntil(() => summary.mode === 'view', 'The preview customer shown');
      expect(preview(editor)!.querySelector('h2')?.textContent).to.equal('Quinn');
      expect(preview(editor)!.innerHTML).not.to.contain('1990');
      expect(preview(editor)!.querySelector('cc-sensitive-value')).to.not.equal(null);
    });
  });

  describe('apply', () => {
    it('hands the checked field sets to the host, and only when they can be used', async () => {
      const editor = await renderEditor(DEMO_FIELD_SETS);
      const fired = oneEvent(editor, 'cc-field-sets-apply') as Promise<FieldSetsApplyEvent>;
      button(editor, 'Use these field sets').click();
      const event = await fired;
      expect(event.detail.document).to.deep.equal(JSON.parse(JSON.stringify(DEMO_FIELD_SETS)));
      expect(event.composed && event.bubbles).to.equal(true);
      await type(control(editor, 'Set id'), 'cisco.rider');
      expect(button(editor, 'Use these field sets').disabled).to.equal(true);
    });
  });

  describe('export', () => {
    it('downloads the JSON the gadget takes, unless the host takes over', async () => {
      const editor = await renderEditor(DEMO_FIELD_SETS);
      const fired = oneEvent(editor, 'cc-field-sets-export') as Promise<FieldSetsExportEvent>;
      editor.addEventListener('cc-field-sets-export', (event) => event.preventDefault(), { once: true });
      button(editor, 'Download JSON').click();
      const event = await fired;
      expect(event.detail.action).to.equal('download');
      expect(event.detail.filename).to.equal('customer-context-field-sets.json');
      expect(parseOrganisationFieldSets(JSON.parse(event.detail.json))).to.have.length(1);
      expect(event.defaultPrevented).to.equal(true);
    });
  });
});
