import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/backend-provider/backend-provider.js';
import type { CcBackendProvider } from '../../src/components/backend-provider/backend-provider.js';
import '../../src/components/journey-timeline/journey-timeline.js';
import type { CcJourneyTimeline } from '../../src/components/journey-timeline/journey-timeline.js';
import { DEMO_ACTIVITY_TITLES, DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import { waitUntil } from '../support/wait.js';

/** What the keyboard reaches of an activity's details in a short journey: the oldest ones too. */
const databases: string[] = [];

async function demoTimeline(): Promise<CcJourneyTimeline> {
  const databaseName = `cc-test-journey-timeline-details-${crypto.randomUUID()}`;
  databases.push(databaseName);
  const store = await BuiltInStore.open({ databaseName, timeoutMs: 15_000 });
  await seedDemoJourney(store);
  // A short journey, as in a Finesse column of 800 × 600: two or three rows show at once.
  const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider .backend=${store}>
    <cc-journey-timeline customer-id=${DEMO_IDS.jordan} style="--cc-journey-timeline-block-size: 22rem"></cc-journey-timeline>
  </cc-backend-provider>`);
  const timeline = provider.querySelector('cc-journey-timeline')!;
  await waitUntil(() => timeline.shadowRoot!.querySelectorAll('button.toggle').length > 0, 'Expected the journey');
  return timeline;
}

function list(timeline: CcJourneyTimeline): HTMLElement {
  return timeline.shadowRoot!.querySelector<HTMLElement>('[role="list"]')!;
}

function toggleFor(timeline: CcJourneyTimeline, title: string): HTMLButtonElement | undefined {
  return [...timeline.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.toggle')].find((button) => button.querySelector('.title')?.textContent?.trim() === title);
}

/** How far `element` sticks out of the list's visible area, in pixels (0: wholly in view). */
function outOfView(timeline: CcJourneyTimeline, element: Element): number {
  const view = list(timeline).getBoundingClientRect();
  const box = element.getBoundingClientRect();
  return Math.max(0, view.top - box.top) + Math.max(0, box.bottom - view.bottom);
}

async function frames(count: number): Promise<void> {
  for (let frame = 0; frame < count; frame += 1) await new Promise((resolve) => requestAnimationFrame(resolve));
}

describe('cc-journey-timeline details by keyboard', () => {
  setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);

  before(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  after(async () => {
    for (const databaseName of databases.splice(0)) await BuiltInStore.deleteDatabase(databaseName);
  });

  it('brings the oldest activity’s details into view when End then Enter expands it', async () => {
    const timeline = await demoTimeline();
    const oldest = DEMO_ACTIVITY_TITLES[0]!;
    timeline.shadowRoot!.querySelector<HTMLButtonElement>('button.toggle')!.focus();
    await sendKeys({ press: 'End' });
    await waitUntil(() => timeline.shadowRoot!.activeElement === toggleFor(timeline, oldest), `Expected focus on "${oldest}"`);
    await sendKeys({ press: 'Enter' });
    const toggle = toggleFor(timeline, oldest)!;
    await waitUntil(() => toggle.getAttribute('aria-expanded') === 'true', 'Expected it expanded');
    const details = () => timeline.shadowRoot!.getElementById(toggle.getAttribute('aria-controls')!)!;
    await waitUntil(
      () => details().getBoundingClientRect().height > 0 && outOfView(timeline, details()) === 0 && outOfView(timeline, toggleFor(timeline, oldest)!) === 0,
      "Expected the details and their toggle in view",
    );
  });

  it('shows the Today heading and the whole focus ring of the newest activity on Home', async () => {
    const timeline = await demoTimeline();
    const newest = DEMO_ACTIVITY_TITLES[DEMO_ACTIVITY_TITLES.length - 1]!;
    timeline.shadowRoot!.querySelector<HTMLButtonElement>('button.toggle')!.focus();
    await sendKeys({ press: 'End' });
    await waitUntil(() => timeline.shadowRoot!.activeElement === toggleFor(timeline, DEMO_ACTIVITY_TITLES[0]!), 'Expected focus on the oldest');
    await sendKeys({ press: 'Home' });
    await waitUntil(() => timeline.shadowRoot!.activeElement === toggleFor(timeline, newest), `Expected focus on "${newest}"`);
    await frames(5);
    const heading = timeline.shadowRoot!.querySelector('[role="list"] h3')!;
    expect(heading.textContent?.trim()).to.equal('Today');
    expect(outOfView(timeline, heading), 'the Today heading').to.equal(0);
    // The focus ring is drawn outside the button: room for it above and below.
    const view = list(timeline).getBoundingClientRect();
    const box = toggleFor(timeline, newest)!.getBoundingClientRect();
    expect(box.top - view.top, 'room above the focused button').to.be.at.least(2);
    expect(view.bottom - box.bottom, 'room below the focused button').to.be.at.least(2);
  });
});
