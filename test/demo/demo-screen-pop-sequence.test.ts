import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/demo/demo-app.js';
import type { CcDemoApp } from '../../src/demo/demo-app.js';
import { allByRole, focused, normalise, queryByRole } from '../support/roles.js';
import { waitUntil } from '../support/wait.js';

const databases: string[] = [];

/** The first element of `role` named `name` under `root`, through shadow roots, once there is one. */
async function byRole(root: Element | ShadowRoot, role: string, name?: string | RegExp): Promise<HTMLElement> {
  let found: HTMLElement | undefined;
  await waitUntil(() => (found = allByRole(root, role, name)[0]), `Expected a ${role} named ${String(name)}`);
  return found!;
}

/** Presses a button as a mouse user does, which leaves the page where it is. */
function press(button: HTMLElement): void {
  button.click();
}

/** The journey's rows drawn in the part of its list that shows in the window, top to bottom: day headings and activity titles. */
function rowsInView(app: CcDemoApp): string[] {
  const list = queryByRole(app, 'list', 'Activities, newest first');
  if (!list) return [];
  const box = list.getBoundingClientRect();
  const top = Math.max(box.top, 0);
  const bottom = Math.min(box.bottom, innerHeight);
  return [...list.querySelectorAll<HTMLElement>('[role="listitem"]')]
    .map((row) => ({ row, box: row.getBoundingClientRect() }))
    .filter(({ box: each }) => each.height > 0 && each.bottom > top && each.top < bottom)
    .sort((a, b) => a.box.top - b.box.top)
    .map(({ row }) => normalise(row.querySelector('h3, .title')?.textContent));
}

/** Everything the customer search shows under its field. */
function searchText(app: CcDemoApp): string {
  const search = app.shadowRoot!.querySelector('cc-customer-context')!.shadowRoot!.querySelector('cc-customer-search');
  return normalise(search?.shadowRoot?.textContent);
}

// A 1280 × 720 window, and the page area such a window leaves under a browser's bars.
for (const height of [720, 600]) {
  describe(`the demo after a screen-pop, a call from an unknown number, the screen-pop again and a proposal accepted (1280 × ${height})`, () => {
    before(async () => {
      await setViewport({ width: 1280, height });
    });

    after(async () => {
      await setViewport({ width: 1280, height: 1600 });
      document.querySelectorAll('cc-demo-app').forEach((app) => app.remove());
      for (const databaseName of databases.splice(0)) await BuiltInStore.deleteDatabase(databaseName);
    });

    it('draws the journey’s rows in view under their day headings, and the search does not contradict Jordan Ellis', async function () {
      this.timeout(90_000);
      const databaseName = `cc-test-demo-pop-${crypto.randomUUID()}`;
      databases.push(databaseName);
      const app = await fixture<CcDemoApp>(html`<cc-demo-app database-name=${databaseName} timeout="5000"></cc-demo-app>`);
      // The list's rows come and go (it is virtual, and rebuilt for each customer): the chat's toggle is looked up afresh.
      const sundayChatOpened = () => {
        const chat = queryByRole(app, 'button', /Is Santa Clara open on Sundays\?/);
        return chat?.getAttribute('aria-expanded') === 'true' && focused() === chat;
      };
      const journey = await byRole(app, 'list', 'Activities, newest first');
      await waitUntil(() => journey.getAttribute('aria-busy') === 'false', 'Expected Jordan’s journey read');

      press(await byRole(app, 'button', 'Incoming call (POD.ID of the Sunday chat)'));
      await waitUntil(sundayChatOpened, 'Expected the Sunday chat opened and focused');

      press(await byRole(app, 'button', 'Call from an unknown number'));
      await byRole(app, 'button', 'Create customer');
      await waitUntil(() => !queryByRole(app, 'heading', 'Jordan Ellis'), 'Expected Jordan’s summary gone');

      press(await byRole(app, 'button', 'Incoming call (POD.ID of the Sunday chat)'));
      await byRole(app, 'heading', 'Jordan Ellis');
      await waitUntil(sundayChatOpened, 'Expected the Sunday chat opened again and focused');

      press(await byRole(app, 'button', 'Customer proposes a new date'));
      press(await byRole(app, 'button', 'Accept'));
      await waitUntil(() => allByRole(app, 'button', 'Accept').length === 0, 'Expected the proposal answered');
      expect(searchText(app)).not.to.include('No customer matches');

      // The list stays on the Sunday chat: what arrived waits behind "N new", and the rows in view are drawn meanwhile.
      const list = await byRole(app, 'list', 'Activities, newest first');
      const shown = () => {
        const box = list.getBoundingClientRect();
        return box.bottom > 0 && box.top < innerHeight;
      };
      if (shown()) await waitUntil(() => rowsInView(app).length > 0, 'Expected rows drawn where the list shows');
      press(await byRole(app, 'button', /^↑\s*\d+ new$/));
      let rows: string[] = [];
      try {
        await waitUntil(() => (rows = rowsInView(app))[0] === 'Today' && rows[1] === 'Appointment confirmed');
      } catch {
        expect.fail(`Expected "Today" above the confirmation at the top of the list, got ${JSON.stringify(rows)}`);
      }
      expect(queryByRole(app, 'heading', 'Jordan Ellis')).to.exist;
      expect(searchText(app)).to.include('Showing Jordan Ellis');
      expect(searchText(app)).not.to.include('No customer matches');
      expect(allByRole(app, 'button', 'Create customer')).to.have.length(0);
    });
  });
}
