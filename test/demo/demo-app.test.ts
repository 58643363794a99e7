import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/demo/demo-app.js';
import type { CcDemoApp } from '../../src/demo/demo-app.js';
import { DEMO_ACTIVITY_TITLES } from '../../src/demo/journey.js';
import { queryByRole as queryDeep } from '../support/roles.js';

const WAIT = { timeout: 15_000 };
const databases: string[] = [];

/** Every element under `root`, through open shadow roots, in document order. */
function* deepElements(root: ParentNode): Generator<Element> {
  if (root instanceof Element && root.shadowRoot) yield* deepElements(root.shadowRoot);
  for (const element of root.querySelectorAll('*')) {
    yield element;
    if (element.shadowRoot) yield* deepElements(element.shadowRoot);
  }
}

function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

const IMPLICIT_ROLES: Record<string, string> = { BUTTON: 'button', SELECT: 'combobox', UL: 'list', OL: 'list', LI: 'listitem' };

function roleOf(element: Element): string | undefined {
  const explicit = element.getAttribute('role');
  if (explicit) return explicit;
  if (element instanceof HTMLInputElement) return element.type === 'checkbox' ? 'checkbox' : 'textbox';
  return IMPLICIT_ROLES[element.tagName];
}

/** The accessible name, as far as these tests need it: aria-label, aria-labelledby, a label, or the text. */
function nameOf(element: Element): string {
  const label = element.getAttribute('aria-label');
  if (label) return squash(label);
  const labelledBy = element.getAttribute('aria-labelledby');
  if (labelledBy) {
    const root = element.getRootNode() as Document | ShadowRoot;
    return squash(labelledBy.split(/\s+/).map((id) => root.getElementById(id)?.textContent).join(' '));
  }
  const labels = (element as HTMLInputElement).labels;
  if (labels?.length) return squash([...labels].map((each) => each.textContent).join(' '));
  return squash(element.textContent);
}

function isShown(element: Element): boolean {
  return (element as HTMLElement).offsetParent !== null || getComputedStyle(element).position === 'fixed';
}

function all(root: ParentNode, role: string, name?: string | RegExp): HTMLElement[] {
  return [...deepElements(root)].filter((element): element is HTMLElement => {
    if (roleOf(element) !== role || !isShown(element)) return false;
    if (name === undefined) return true;
    const accessible = nameOf(element);
    return typeof name === 'string' ? accessible === name : name.test(accessible);
  });
}

/** What the page shows, through shadow roots, shortened: what a failed wait saw instead. */
function shown(root: ParentNode): string {
  const text = [...deepElements(root)]
    .filter((element) => isShown(element) && [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim()))
    .map((element) => squash([...element.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent).join(' ')))
    .join(' | ');
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

async function byRole(root: ParentNode, role: string, name?: string | RegExp): Promise<HTMLElement> {
  let found: HTMLElement | undefined;
  await waitUntil(() => (found = all(root, role, name)[0]), () => `Expected a ${role} named ${String(name)}; the page showed: ${shown(root)}`, WAIT);
  return found!;
}

/** The element that has focus, through shadow roots. */
function focused(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

async function focus(element: HTMLElement): Promise<void> {
  element.focus();
  await waitUntil(() => focused() === element, `Expected focus on ${nameOf(element)}`);
}

function timelineTitles(app: CcDemoApp): string[] {
  return all(app, 'list', 'Activities, newest first').flatMap((list) =>
    [...list.querySelectorAll('button.toggle .title')].map((title) => squash(title.textContent)),
  );
}

/**
 * The demo, its gadget patient: a loaded machine must not time out the calls that should succeed
 * (a page's IndexedDB waits behind another page's large import in the same browser). A test of
 * the outage gives a shorter `timeout`, after which the outage's calls time out.
 */
async function openDemo(timeout = 15_000): Promise<CcDemoApp> {
  const databaseName = `cc-test-demo-${crypto.randomUUID()}`;
  databases.push(databaseName);
  return fixture<CcDemoApp>(html`<cc-demo-app database-name=${databaseName} timeout=${timeout}></cc-demo-app>`);
}

describe('cc-demo-app', () => {
  // The timeline's virtual list renders only the rows inside the window: make the whole desktop fit.
  before(async () => {
    await setViewport({ width: 1280, height: 1600 });
  });

  afterEach(() => {
    document.querySelectorAll('cc-demo-app').forEach((app) => app.remove());
  });

  after(async () => {
    for (const databaseName of databases.splice(0)) await BuiltInStore.deleteDatabase(databaseName);
  });

  it('renders', async () => {
    const app = await openDemo();
    await byRole(app, 'tab', 'Agent desktop');
    await waitUntil(() => timelineTitles(app).length === 6, 'Expected Jordan Ellis’s six activities', WAIT);
  });

  it('is accessible', async () => {
    const app = await openDemo();
    await waitUntil(() => timelineTitles(app).length === 6, () => `Expected the journey; the page showed: ${shown(app)}`, WAIT);
    await expect(app).to.be.accessible();
  });

  it('opens on Jordan Ellis with the Cumulus journey seeded', async () => {
    const app = await openDemo();
    await waitUntil(
      () => JSON.stringify(timelineTitles(app)) === JSON.stringify([...DEMO_ACTIVITY_TITLES].reverse()),
      'Expected the six activities, newest first',
      WAIT,
    );
    const summary = app.shadowRoot!.querySelector('cc-customer-context')!.shadowRoot!.querySelector('cc-customer-summary')!;
    expect(squash(summary.shadowRoot!.textContent)).to.include('Jordan');
  });

  it('works by keyboard alone: search, pick, filter, expand, outage, Retry', async function () {
    this.timeout(90_000);
    const app = await openDemo(5000);
    await waitUntil(() => timelineTitles(app).length === 6, () => `Expected the journey; the page showed: ${shown(app)}`, WAIT);

    // Search "Ellis" and pick Jordan Ellis from the two matches.
    await focus(await byRole(app, 'combobox', 'Search customers'));
    await sendKeys({ type: 'Ellis' });
    await waitUntil(() => all(app, 'option').length === 2, 'Expected two matches', WAIT);
    const options = all(app, 'option');
    expect(options.map(nameOf).some((name) => name.includes('Morgan Ellis'))).to.be.true;
    // Down to Jordan Ellis. The two matches may be those of "Elli" while "Ellis" is still asked
    // for, and the list takes no arrow until that answer is in: press until he is the one selected.
    await waitUntil(
      async () => {
        const selected = all(app, 'option').find((option) => option.getAttribute('aria-selected') === 'true');
        if (selected && nameOf(selected).includes('Jordan Ellis')) return true;
        await sendKeys({ press: 'ArrowDown' });
        return false;
      },
      () => `Expected Jordan Ellis selected; the page showed: ${shown(app)}`,
      WAIT,
    );
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => all(app, 'option').length === 0, 'Expected the list to close', WAIT);

    // Read the six activities.
    await waitUntil(
      () => JSON.stringify(timelineTitles(app)) === JSON.stringify([...DEMO_ACTIVITY_TITLES].reverse()),
      'Expected the six activities, newest first',
      WAIT,
    );

    // Filter to SMS.
    await focus(await byRole(app, 'button', 'SMS'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(
      () => JSON.stringify(timelineTitles(app)) === JSON.stringify(['New date proposed', 'Appointment confirmed']),
      'Expected the two SMS',
      WAIT,
    );

    // Expand an activity.
    const toggle = await byRole(app, 'button', /New date proposed/);
    await focus(toggle);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => toggle.getAttribute('aria-expanded') === 'true', 'Expected the activity to expand', WAIT);
    await waitUntil(() => squash(app.shadowRoot!.querySelector('cc-customer-context')!.shadowRoot!.querySelector('cc-journey-timeline')!.shadowRoot!.textContent).includes('I have a conflict on Sunday'), 'Expected the message', WAIT);

    // Backend outage: the error state, with what was shown kept and marked stale.
    const outage = await byRole(app, 'switch', 'Backend outage');
    await focus(outage);
    await sendKeys({ press: 'Space' });
    await waitUntil(() => all(app, 'alert').some((alert) => nameOf(alert).includes('Timed out after 5000 ms')), 'Expected the error state', WAIT);
    const alert = all(app, 'alert').find((each) => nameOf(each).includes('Timed out after 5000 ms'))!;
    expect(nameOf(alert)).to.include("Experiencing issues with accessing customer's context information");
    const gadgetRoot = app.shadowRoot!.querySelector('cc-customer-context')!.shadowRoot!;
    expect(gadgetRoot.querySelector('[part="content"]')!.hasAttribute('data-stale')).to.be.true;
    expect(timelineTitles(app)).to.include('New date proposed');

    // Switch it off, press Retry, carry on.
    await focus(outage);
    await sendKeys({ press: 'Space' });
    expect((outage as HTMLInputElement).checked).to.be.false;
    await focus(await byRole(gadgetRoot, 'button', 'Retry'));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !gadgetRoot.querySelector('cc-context-error'), 'Expected Retry to clear the error', WAIT);
    expect(gadgetRoot.querySelector('[part="content"]')!.hasAttribute('data-stale')).to.be.false;
    await waitUntil(() => timelineTitles(app).includes('Appointment confirmed'), 'Expected the journey again', WAIT);

    await focus(await byRole(app, 'combobox', 'Search customers'));
    await sendKeys({ press: 'Escape' });
    await sendKeys({ type: 'morgan.ellis@example.org' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => squash(gadgetRoot.querySelector('cc-customer-summary')?.shadowRoot?.textContent).includes('Morgan'), 'Expected Morgan Ellis', WAIT);
  });

  it('loads the Desktop Layout page on demand', async () => {
    const app = await openDemo();
    await waitUntil(() => timelineTitles(app).length === 6, () => `Expected the journey; the page showed: ${shown(app)}`, WAIT);
    await focus(await byRole(app, 'tab', 'Agent desktop'));
    await sendKeys({ press: 'ArrowRight' });
    const tab = await byRole(app, 'tab', 'Desktop Layout');
    expect(tab.getAttribute('aria-selected')).to.equal('true');
    await waitUntil(() => app.shadowRoot!.querySelector('cc-layout-builder')?.shadowRoot, 'Expected the layout builder', WAIT);
    expect(customElements.get('cc-layout-builder')).to.exist;
  });

  it('the Field sets page edits the rider set, and the agent desktop takes it at once', async () => {
    const app = await openDemo();
    await waitUntil(() => timelineTitles(app).length === 6, () => `Expected the journey; the page showed: ${shown(app)}`, WAIT);
    (await byRole(app, 'tab', 'Field sets')).click();
    const editor = () => app.shadowRoot!.querySelector('cc-field-set-editor')?.shadowRoot;
    await waitUntil(() => editor()?.querySelector('legend'), 'Expected the field set editor', WAIT);
    expect([...editor()!.querySelectorAll('ol > li legend')].map((legend) => squash(legend.textContent))).to.deep.equal(['Motorcycle VIN', 'Date of birth']);
    (await byRole(editor()!, 'button', 'Add field')).click();
    await waitUntil(() => editor()!.querySelectorAll('ol > li').length === 3, 'Expected a third field', WAIT);
    const third = editor()!.querySelectorAll('ol > li')[2]!;
    await focus(await byRole(third, 'textbox', 'Field id'));
    await sendKeys({ type: 'Loyalty_Tier' });
    await focus(await byRole(third, 'textbox', 'Label in English'));
    await sendKeys({ type: 'Loyalty tier' });
    (await byRole(editor()!, 'button', 'Use these field sets')).click();
    (await byRole(app, 'tab', 'Agent desktop')).click();
    const summary = () => app.shadowRoot!.querySelector('cc-customer-context')?.shadowRoot?.querySelector('cc-customer-summary')?.shadowRoot;
    // The gadget reloads its parts with the new sets: look in the summary it shows now.
    let edit: HTMLElement | undefined;
    await waitUntil(() => (edit = summary() ? all(summary()!, 'button', 'Edit')[0] : undefined), 'Expected the summary again', WAIT);
    edit!.click();
    const loyalty = await byRole(summary()!, 'textbox', 'Loyalty tier');
    await focus(loyalty);
    await sendKeys({ type: 'Gold' });
    (await byRole(summary()!, 'button', 'Save')).click();
    await waitUntil(() => squash(summary()?.textContent).includes('Loyalty tier Gold'), 'Expected the new field saved and shown', WAIT);
  });

  it('the Diagnostics page reads the store it shares with the gadget, and sees the outage', async () => {
    const app = await openDemo(5000);
    await waitUntil(() => timelineTitles(app).length === 6, () => `Expected the journey; the page showed: ${shown(app)}`, WAIT);
    await focus(await byRole(app, 'tab', 'Agent desktop'));
    await sendKeys({ press: 'End' });
    expect((await byRole(app, 'tab', 'Diagnostics')).getAttribute('aria-selected')).to.equal('true');
    const panel = () => app.shadowRoot!.querySelector('cc-diagnostics')?.shadowRoot;
    await waitUntil(() => squash(panel()?.textContent).includes('Reachable'), 'Expected the store reachable', WAIT);
    expect(squash(panel()!.textContent)).to.contain('Registered');
    expect(squash(panel()!.textContent)).to.match(/listActivities/);

    (await byRole(app, 'tab', 'Agent desktop')).click();
    const outage = await byRole(app, 'switch', 'Backend outage');
    outage.click();
    (await byRole(app, 'tab', 'Diagnostics')).click();
    (await byRole(panel()!, 'button', 'Refresh')).click();
    await waitUntil(() => squash(panel()?.textContent).includes('Unreachable'), 'Expected the outage seen', WAIT);
    outage.click();
    expect((outage as HTMLInputElement).checked).to.equal(false);
  });

  it('an incoming call opens the activity of its POD.ID', async () => {
    const app = await openDemo();
    await waitUntil(() => timelineTitles(app).length === 6, () => `Expected the journey; the page showed: ${shown(app)}`, WAIT);
    (await byRole(app, 'button', /Incoming call/)).click();
    const chat = await byRole(app, 'button', /Is Santa Clara open on Sundays\?/);
    await waitUntil(() => chat.getAttribute('aria-expanded') === 'true', 'Expected activity 3 expanded', WAIT);
  });

  for (const [width, height] of [[1280, 720], [800, 600], [400, 800]] as const) {
    it(`keeps the journey on screen after a screen-pop is answered with another time (${width} × ${height})`, async function () {
      this.timeout(60_000);
      await setViewport({ width, height });
      try {
        const app = await openDemo();
        // Below the window at first on a small one: then its virtual list has no rows yet.
        const list = await byRole(app, 'list', 'Activities, newest first');
        await focus(await byRole(app, 'button', /Customer proposes a new date/));
        await sendKeys({ press: 'Enter' });
        await focus(await byRole(app, 'button', 'Propose another time'));
        await sendKeys({ press: 'Enter' });
        await byRole(app, 'textbox', /Another time/);
        // A year later (month, day, year here): a time to come, whatever today is.
        await sendKeys({ press: 'ArrowRight' });
        await sendKeys({ press: 'ArrowRight' });
        await sendKeys({ press: 'ArrowUp' });
        await focus(await byRole(app, 'button', 'Send'));
        await sendKeys({ press: 'Enter' });
        await waitUntil(() => all(app, 'button', 'Send').length === 0, 'Expected the screen-pop answered', WAIT);
        // Where the journey's list shows in the window, its rows do, by themselves: focus stays out of the list.
        const box = list.getBoundingClientRect();
        expect(box.top, `the list (${box.top}–${box.bottom}) shows in the window`).to.be.below(window.innerHeight);
        await waitUntil(() => timelineTitles(app).length >= 1, () => `Expected the journey’s rows; the page showed: ${shown(app)}`, WAIT);
        expect(focused()?.closest('[role="list"]') ?? null).to.equal(null);
      } finally {
        await setViewport({ width: 1280, height: 1600 });
      }
    });
  }

  describe('a call from an unknown number after Jordan Ellis', () => {
    /** What the gadget's search says politely. */
    const searchStatus = (app: CcDemoApp) =>
      squash(app.shadowRoot!.querySelector('cc-customer-context')!.shadowRoot!.querySelector('cc-customer-search')?.shadowRoot?.querySelector('[role="status"]')?.textContent);

    async function callFromUnknownNumber(app: CcDemoApp): Promise<void> {
      await waitUntil(() => timelineTitles(app).length === 6, 'Expected Jordan’s journey', WAIT);
      expect(queryDeep(app, 'heading', 'Jordan Ellis')).to.exist;
      await focus(await byRole(app, 'button', 'Call from an unknown number'));
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => searchStatus(app) === 'No customer matches “+1 408 555 0100”', 'Expected the search to say no match', WAIT);
      await waitUntil(() => !queryDeep(app, 'heading', 'Jordan Ellis'), 'Expected Jordan’s summary gone', WAIT);
    }

    it('takes Jordan’s summary, note field and journey off the screen and says no customer is open', async () => {
      const app = await openDemo();
      await callFromUnknownNumber(app);
      expect(all(app, 'list', 'Activities, newest first')).to.have.length(0);
      expect(queryDeep(app, 'region', 'Customer journey')).to.equal(undefined);
      expect(all(app, 'button', 'Add a note')).to.have.length(0);
      expect(all(app, 'button', 'Edit')).to.have.length(0);
      expect(squash(app.shadowRoot!.querySelector('cc-customer-context')!.shadowRoot!.textContent)).to.include('No customer is open.');
      await expect(app).to.be.accessible();
    });

    it('creates the caller once: the offer goes, the new customer is shown with the focus on their name', async function () {
      this.timeout(60_000);
      const app = await openDemo();
      await callFromUnknownNumber(app);
      await focus(await byRole(app, 'button', 'Create customer'));
      await sendKeys({ press: 'Enter' });
      await focus(await byRole(app, 'textbox', 'First name'));
      await sendKeys({ type: 'Riley' });
      await focus(await byRole(app, 'textbox', 'Last name'));
      await sendKeys({ type: 'Park' });
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => focused() === queryDeep(app, 'heading', 'Riley Park'), 'Expected Riley Park opened, their name focused', WAIT);
      expect(all(app, 'button', 'Create customer')).to.have.length(0);
      expect(searchStatus(app)).to.equal('Customer created: Riley Park.');
      await expect(app).to.be.accessible();

      // The caller's number now finds one customer, opened at once (two would be a list).
      (await byRole(app, 'button', 'Call from an unknown number')).focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => searchStatus(app) === 'Found Riley Park', 'Expected the number to find Riley Park alone', WAIT);
      expect(all(app, 'option')).to.have.length(0);
      await waitUntil(() => queryDeep(app, 'heading', 'Riley Park'), 'Expected Riley Park shown', WAIT);
    });
  });

  it('a call from an unknown number offers to create the customer; a live proposal raises a desktop toast', async () => {
    const app = await openDemo();
    await waitUntil(() => timelineTitles(app).length === 6, () => `Expected the journey; the page showed: ${shown(app)}`, WAIT);
    (await byRole(app, 'button', /Call from an unknown number/)).click();
    await byRole(app, 'button', 'Create customer');
    (await byRole(app, 'button', /Incoming call/)).click();
    const chat = await byRole(app, 'button', /Is Santa Clara open on Sundays\?/);
    await waitUntil(() => chat.getAttribute('aria-expanded') === 'true', 'Expected activity 3 expanded', WAIT);
    (await byRole(app, 'button', /Customer proposes a new date/)).click();
    const status = () => app.shadowRoot!.querySelector('aside [role="status"]')?.textContent ?? '';
    await waitUntil(() => status().includes('Desktop toast: Customer Context: New date proposed'), 'Expected the toast shown', WAIT);
  });
});
