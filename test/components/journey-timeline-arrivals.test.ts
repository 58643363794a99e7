import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import fc from 'fast-check';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/backend-provider/backend-provider.js';
import '../../src/components/journey-timeline/journey-timeline.js';
import type { CcJourneyTimeline } from '../../src/components/journey-timeline/journey-timeline.js';
import { DEMO_IDS, seedDemoJourney } from '../../src/demo/journey.js';
import type { MediaType } from '../../src/model/index.js';
import { waitUntil } from '../support/wait.js';

setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);

/** A fixed "now": the days read Today, Yesterday and dates whatever the hour of the run. */
const NOON = new Date(2026, 10, 20, 12, 0).getTime();
const DAY_MS = 86_400_000;
const CHANNELS = ['sms', 'chat', 'email'] as const satisfies readonly MediaType[];
/** How long the list may take to draw after a step: generous for a loaded machine, short enough to report a blank list. */
const DRAWN_WITHIN = { timeout: 5_000 };

type Step =
  | { readonly kind: 'arrive'; readonly mediaType: MediaType; readonly daysAgo: number }
  | { readonly kind: 'show-new' }
  | { readonly kind: 'pop'; readonly pick: number }
  | { readonly kind: 'filter'; readonly mediaType: MediaType }
  | { readonly kind: 'scroll'; readonly fraction: number }
  | { readonly kind: 'page'; readonly y: number };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('arrive' as const), mediaType: fc.constantFrom(...CHANNELS), daysAgo: fc.constantFrom(0, 0, 0, 1, 3) }),
  fc.record({ kind: fc.constant('show-new' as const) }),
  fc.record({ kind: fc.constant('pop' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('filter' as const), mediaType: fc.constantFrom(...CHANNELS) }),
  fc.record({ kind: fc.constant('scroll' as const), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('page' as const), y: fc.nat({ max: 900 }) }),
);

function text(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function dayOf(article: Element): number {
  const created = new Date(article.querySelector('time')!.getAttribute('datetime')!);
  return new Date(created.getFullYear(), created.getMonth(), created.getDate()).getTime();
}

/**
 * What is wrong with the rows the list draws, or '' when nothing is: the rows inside its visible
 * part of the window are drawn, one after another without overlap, and each day heading sits
 * right above its day's first activity, which no other activity precedes.
 */
function drawingFault(timeline: CcJourneyTimeline): string {
  const list = timeline.shadowRoot!.querySelector('lit-virtualizer');
  if (!list) return '';
  const box = list.getBoundingClientRect();
  const top = Math.max(box.top, 0);
  const bottom = Math.min(box.bottom, innerHeight);
  if (bottom - top < 1) return '';
  const rows = [...list.querySelectorAll<HTMLElement>(':scope > [role="listitem"]')]
    .map((row) => ({ row, box: row.getBoundingClientRect() }))
    .filter(({ box: each }) => each.height > 0)
    .sort((a, b) => a.box.top - b.box.top);
  const describe = () => JSON.stringify(rows.map(({ row, box: each }) => `${text(row.querySelector('h3, .title'))}@${Math.round(each.top - box.top + list.scrollTop)}`));
  if (!rows.some(({ box: each }) => each.bottom > top && each.top < bottom)) return `no row drawn in view (scrollTop ${list.scrollTop}): ${describe()}`;
  for (let index = 1; index < rows.length; index += 1) {
    const above = rows[index - 1]!;
    const below = rows[index]!;
    if (Math.abs(below.box.top - above.box.bottom) > 1) return `rows ${index - 1} and ${index} overlap or part: ${describe()}`;
    const article = below.row.querySelector('article');
    const heading = above.row.querySelector('h3');
    const previous = above.row.querySelector('article');
    if (article && previous && dayOf(article) !== dayOf(previous)) return `a day's first activity drawn without its heading: ${describe()}`;
    if (heading && !article) return `a day heading above no activity: ${describe()}`;
    if (heading && index >= 2) {
      const before = rows[index - 2]!.row.querySelector('article');
      if (before && article && dayOf(before) === dayOf(article)) return `a day heading inside its day: ${describe()}`;
    }
  }
  if (list.scrollTop <= 0 && !rows[0]!.row.querySelector('h3')) return `the list's top drawn without its day heading: ${describe()}`;
  return '';
}

describe('cc-journey-timeline: arrivals, screen-pops, filters and scrolling', () => {
  const databases: string[] = [];

  before(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  after(async () => {
    for (const databaseName of databases.splice(0)) await BuiltInStore.deleteDatabase(databaseName);
  });

  it('always draws the rows in view, each day heading above its first row', async function () {
    this.timeout(120_000);
    await fc.assert(
      fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 8 }), fc.nat({ max: 24 }), async (steps, history) => {
        const databaseName = `cc-test-timeline-arrivals-${crypto.randomUUID()}`;
        databases.push(databaseName);
        const store = await BuiltInStore.open({ databaseName });
        try {
          await seedDemoJourney(store, new Date(NOON));
          // Older activities, a few a day, so that the list scrolls.
          for (let index = 0; index < history; index += 1) {
            await store.createActivity({
              customerId: DEMO_IDS.jordan,
              mediaType: CHANNELS[index % CHANNELS.length]!,
              direction: 'inbound',
              title: `Earlier ${index}`,
              created: new Date(NOON - (3 + Math.floor(index / 3)) * DAY_MS - index * 60_000).toISOString(),
            });
          }
          // Room above and below, so that the list can lie partly or wholly outside the window, as below a screen-pop.
          const page = await fixture<HTMLElement>(html`<div>
            <div style="block-size: 520px"></div>
            <cc-backend-provider .backend=${store}>
              <cc-journey-timeline customer-id=${DEMO_IDS.jordan} style="--cc-journey-timeline-block-size: 24rem" .now=${() => NOON}></cc-journey-timeline>
            </cc-backend-provider>
            <div style="block-size: 800px"></div>
          </div>`);
          const timeline = page.querySelector('cc-journey-timeline')!;
          const shadow = timeline.shadowRoot!;
          const list = () => shadow.querySelector('lit-virtualizer');
          const announcement = () => text(shadow.querySelector('[aria-live="polite"]'));
          await waitUntil(() => list(), 'Expected the journey');
          const ids = (await store.listActivities(DEMO_IDS.jordan, { pageSize: 100 })).activities.map((activity) => activity.id);
          let filter: MediaType | undefined;
          let clock = NOON;
          for (const [index, step] of steps.entries()) {
            switch (step.kind) {
              case 'arrive': {
                clock += 60_000;
                const title = `Arrival ${index}`;
                const created = step.daysAgo ? NOON - step.daysAgo * DAY_MS + index * 1_000 : clock;
                const activity = await store.createActivity({
                  customerId: DEMO_IDS.jordan,
                  mediaType: step.mediaType,
                  direction: 'inbound',
                  title,
                  created: new Date(created).toISOString(),
                });
                ids.push(activity.id);
                if (!filter || filter === step.mediaType) await waitUntil(() => announcement().includes(title), `Expected ${title} received`);
                break;
              }
              case 'show-new': {
                const button = shadow.querySelector<HTMLButtonElement>('button.arrivals');
                if (!button) break;
                button.click();
                await waitUntil(() => !shadow.querySelector('button.arrivals'), 'Expected the new activities shown');
                // The newest show at the list's very top, under their day heading.
                try {
                  await waitUntil(() => list()!.scrollTop < 1, undefined, DRAWN_WITHIN);
                } catch {
                  expect.fail(`after ${JSON.stringify(steps.slice(0, index + 1))}: the new activities shown, the list stays at ${list()!.scrollTop}px from its top`);
                }
                break;
              }
              case 'pop': {
                const id = ids[step.pick % ids.length]!;
                expect(await timeline.showActivity(id), `showActivity(${id})`).to.equal(true);
                filter = undefined;
                break;
              }
              case 'filter': {
                const button = shadow.querySelector<HTMLButtonElement>(`button[data-media-type="${step.mediaType}"]`)!;
                button.click();
                filter = filter === step.mediaType ? undefined : step.mediaType;
                await waitUntil(() => announcement() !== '', 'Expected the filtered journey read');
                break;
              }
              case 'page':
                window.scrollTo(0, step.y);
                break;
              case 'scroll': {
                const scroller = list();
                if (scroller) scroller.scrollTop = step.fraction * (scroller.scrollHeight - scroller.clientHeight);
                break;
              }
            }
            let fault = '';
            try {
              await waitUntil(() => !(fault = drawingFault(timeline)), undefined, DRAWN_WITHIN);
            } catch {
              expect.fail(`after ${JSON.stringify(steps.slice(0, index + 1))}: ${fault}`);
            }
          }
        } finally {
          document.querySelectorAll('cc-backend-provider').forEach((element) => element.remove());
          window.scrollTo(0, 0);
          store.close?.();
        }
      }),
      { numRuns: 30, endOnFailure: true, includeErrorInReport: true },
    );
  });
});
