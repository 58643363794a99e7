import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import '../../src/components/backend-provider/backend-provider.js';
import '../../src/components/note-composer/note-composer.js';
import { NOTE_TITLE, type CcNoteComposer } from '../../src/components/note-composer/note-composer.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import type { NoteAddedEvent } from '../../src/events/note-added.js';

const PAYLOAD = '<img src=x onerror="window.__noteXss=1">Brakes <b>squeal</b> again';

describe('cc-note-composer', () => {
  let store: BuiltInStore;

  before(async () => {
    store = await BuiltInStore.open({ databaseName: `cc-test-note-${crypto.randomUUID()}`, timeoutMs: 15_000 });
    await seedDemoJourney(store);
  });

  after(async () => {
    store.close();
    await BuiltInStore.deleteDatabase(store.databaseName);
  });

  async function composer(): Promise<CcNoteComposer> {
    const provider = await fixture(html`<cc-backend-provider .backend=${store}>
      <cc-note-composer customer-id=${DEMO_IDS.jordan}></cc-note-composer>
    </cc-backend-provider>`);
    const element = provider.querySelector('cc-note-composer')!;
    await element.updateComplete;
    return element;
  }

  const field = (element: CcNoteComposer) => element.shadowRoot!.querySelector('textarea');
  const opener = (element: CcNoteComposer) => element.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-expanded]');
  const alert = (element: CcNoteComposer) => element.shadowRoot!.querySelector('[role="alert"]')?.textContent?.trim();
  const status = (element: CcNoteComposer) => element.shadowRoot!.querySelector('[role="status"]')?.textContent?.trim();

  /** "Add a note", by keyboard: the field opens with focus in it. */
  async function openField(element: CcNoteComposer): Promise<void> {
    expect(opener(element)?.textContent?.trim()).to.equal('Add a note');
    opener(element)!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => field(element) && element.shadowRoot!.activeElement === field(element), 'Expected focus in the note field');
  }

  async function controlEnter(): Promise<void> {
    await sendKeys({ down: 'Control' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Control' });
  }

  it('adds a note by keyboard alone, stores exactly what was typed (markup included), announces it and closes the field', async () => {
    const element = await composer();
    await expect(element).shadowDom.to.be.accessible();
    const added: NoteAddedEvent[] = [];
    element.addEventListener('cc-note-added', (event) => added.push(event));
    await openField(element);
    await sendKeys({ type: PAYLOAD });
    await controlEnter();
    await waitUntil(() => status(element) === 'Note added.', 'Expected the note announced');
    expect(field(element), 'the field closes').to.equal(null);
    expect(element.shadowRoot!.activeElement, 'focus back on the opener').to.equal(opener(element));
    expect(added).to.have.length(1);
    const stored = await store.getActivity(added[0]!.activity.id);
    expect(stored.title).to.equal(NOTE_TITLE);
    expect(stored.dataElements['Context_Notes']).to.equal(PAYLOAD);
    expect(stored.customerId).to.equal(DEMO_IDS.jordan);
    expect(stored.direction, 'a note goes neither to nor from the customer').to.equal('internal');
  });

  it('the label names the field, and the button adds what was typed', async () => {
    const element = await composer();
    await openField(element);
    const label = element.shadowRoot!.querySelector('label')!;
    expect(label.textContent?.trim()).to.equal('Note');
    expect(label.htmlFor).to.equal(field(element)!.id);
    await expect(element).shadowDom.to.be.accessible();
    await sendKeys({ type: 'Called back about the noise' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => status(element) === 'Note added.', 'Expected the note added by the button');
    const page = await store.listActivities(DEMO_IDS.jordan, { text: 'Called back about the noise' });
    expect(page.activities).to.have.length(1);
  });

  it('asks for a note before adding an empty one, and keeps focus in the field', async () => {
    const element = await composer();
    await openField(element);
    await sendKeys({ type: '   ' });
    await controlEnter();
    await waitUntil(() => alert(element) === 'Write the note first.', 'Expected the empty note refused');
    expect(element.shadowRoot!.activeElement).to.equal(field(element));
    expect(field(element)!.getAttribute('aria-invalid')).to.equal('true');
  });

  it('keeps the text and says why when the store cannot take it', async () => {
    const element = await composer();
    await openField(element);
    await sendKeys({ type: 'Do not lose me' });
    store.fault = 'unavailable';
    try {
      expect(await element.add()).to.equal(false);
    } finally {
      store.fault = 'none';
    }
    await element.updateComplete;
    expect(alert(element)).to.match(/^The note could not be added \(.+\)\. It is kept here\.$/);
    expect(field(element)!.value).to.equal('Do not lose me');
    expect(await element.add()).to.equal(true);
    expect(field(element)).to.equal(null);
  });

  it('Escape closes the field and keeps what was typed for next time', async () => {
    const element = await composer();
    await openField(element);
    await sendKeys({ type: 'Half a thought' });
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => element.shadowRoot!.activeElement === opener(element), 'Expected focus back on the opener');
    expect(opener(element)!.getAttribute('aria-expanded')).to.equal('false');
    await openField(element);
    expect(field(element)!.value).to.equal('Half a thought');
  });
});
