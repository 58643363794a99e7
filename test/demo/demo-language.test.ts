/**
 * The demo's language switch, in a page of its own: the gadget's parts load after it has rendered
 * them (as in a real first visit), so each is upgraded in place when its code arrives.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { BuiltInStore } from '../../src/backend/index.js';
import type { CcCustomerContext } from '../../src/components/customer-context/customer-context.js';
import '../../src/demo/demo-app.js';
import type { CcDemoApp } from '../../src/demo/demo-app.js';
import { allByRole, byRole, focused, normalise } from '../support/roles.js';
import { waitUntil } from '../support/wait.js';

const WAIT = { timeout: 15_000 };

/** Every element under `root`, through open shadow roots, in document order. */
function* deepElements(root: ParentNode): Generator<Element> {
  if (root instanceof Element && root.shadowRoot) yield* deepElements(root.shadowRoot);
  for (const element of root.querySelectorAll('*')) {
    yield element;
    if (element.shadowRoot) yield* deepElements(element.shadowRoot);
  }
}

/**
 * Everything a person reads or hears of `root`, in order: each text shown (and those there for
 * screen readers only) and each name, hint or placeholder given in an attribute.
 */
function readout(root: ParentNode): string[] {
  const read: string[] = [];
  for (const element of deepElements(root)) {
    if (!element.checkVisibility()) continue;
    for (const attribute of ['aria-label', 'placeholder', 'title']) {
      const value = element.getAttribute(attribute);
      if (value) read.push(`${attribute}: ${normalise(value)}`);
    }
    for (const node of element.childNodes) if (node.nodeType === Node.TEXT_NODE && normalise(node.textContent)) read.push(normalise(node.textContent));
  }
  return read;
}

/** Waits until `actual()` reads as `expected`; fails showing both. */
async function readsAs(actual: () => string[], expected: string[], message: string): Promise<void> {
  try {
    await waitUntil(() => JSON.stringify(actual()) === JSON.stringify(expected), message, WAIT);
  } catch {
    expect(actual(), message).to.deep.equal(expected);
  }
}

describe('cc-demo-app language', () => {
  let databaseName: string;

  before(async () => {
    await setViewport({ width: 1280, height: 1600 });
  });

  afterEach(async () => {
    document.querySelectorAll('cc-demo-app').forEach((app) => app.remove());
    await BuiltInStore.deleteDatabase(databaseName);
  });

  it('a switch puts every text and accessible name in the new language at once', async function () {
    this.timeout(90_000);
    databaseName = `cc-test-demo-language-${crypto.randomUUID()}`;
    const app = await fixture<CcDemoApp>(html`<cc-demo-app database-name=${databaseName} timeout="5000"></cc-demo-app>`);
    await waitUntil(() => allByRole(app, 'listitem').length > 6 && allByRole(app, 'button', 'Reveal Date of birth').length === 1, 'Expected the journey', WAIT);
    const gadget = app.shadowRoot!.querySelector('cc-customer-context')!;

    /** What the same gadget reads when it opens in `locale`, on the same store and customer. */
    const asOpenedIn = async (locale: string): Promise<string[]> => {
      const reference = await fixture<CcCustomerContext>(html`<cc-customer-context
        style="position: fixed; inset: 0; overflow: auto; background: white"
        .backend=${gadget.backend}
        customer-id=${gadget.customerId}
        customer-time-zone=${gadget.customerTimeZone!}
        timeout="5000"
        locale=${locale}
        .fieldSets=${gadget.fieldSets}
        reveal-sensitive
        agent-id="agent-042"
        agent-name="Sam Rivera"
      ></cc-customer-context>`);
      await waitUntil(() => allByRole(reference, 'listitem').length > 6 && allByRole(reference, 'button', /Date/).length === 1, 'Expected the gadget opened', WAIT);
      const read = readout(reference);
      reference.remove();
      return read;
    };

    const language = byRole<HTMLSelectElement>(app, 'combobox', /^Language of the gadget/);
    language.focus();
    await waitUntil(() => focused() === language, 'Expected focus on the language');
    await sendKeys({ press: 'ArrowDown' });
    expect(language.value).to.equal('fr');
    await waitUntil(() => allByRole(gadget, 'button', 'Afficher Date de naissance').length === 1, 'Expected French', WAIT);
    const french = await asOpenedIn('fr');
    expect(french).to.include.members(['Rechercher des clients', 'Numéro de téléphone, e-mail, nom ou identifiant client', 'Ajouter une note', 'Afficher']);
    await readsAs(() => readout(gadget), french, 'Expected all of it in French');
    expect(normalise(byRole(gadget, 'combobox', 'Rechercher des clients').getAttribute('aria-describedby'))).to.equal('hint');

    // Arabic lays the gadget out right to left; its words are English, as the demo says.
    language.focus();
    await sendKeys({ press: 'ArrowDown' });
    expect(language.value).to.equal('ar');
    await waitUntil(() => allByRole(gadget, 'button', 'Reveal Date of birth').length === 1, 'Expected English', WAIT);
    const arabic = await asOpenedIn('ar');
    expect(arabic).to.include.members(['Search customers', 'Phone number, email, name or customer id', 'Add a note', 'Reveal']);
    await readsAs(() => readout(gadget), arabic, 'Expected all of it in English');
    await expect(app).to.be.accessible();
  });
});
