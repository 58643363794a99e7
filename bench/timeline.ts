/**
 * The journey timeline on a long history: time to its first rows, and the longest frame while a
 * script scrolls it (requestAnimationFrame deltas), as the agent would with the wheel.
 */
import { html, render } from 'lit';
import type { ListActivitiesQuery } from '../src/backend/adapter.js';
import { BuiltInStore } from '../src/backend/index.js';
import '../src/components/backend-provider/backend-provider.js';
import '../src/components/journey-timeline/journey-timeline.js';
import type { CcJourneyTimeline } from '../src/components/journey-timeline/journey-timeline.js';
import { generateSyntheticStore } from '../src/demo/synthetic.js';

export type Print = (name: string, value: number, unit: string) => void;

export interface TimelineBenchOptions {
  /** Activities of the one customer (default 10,000). */
  readonly activities?: number;
  /** Times the timeline is opened to measure its first rows; the median is printed (default 5). */
  readonly opens?: number;
  /** Frames of scripted scrolling (default 240, four seconds at 60 Hz). */
  readonly scrollFrames?: number;
  /** Pixels scrolled per frame (default 150: a brisk wheel). */
  readonly scrollStep?: number;
}

function frame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}

function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))] ?? 0;
}

async function until<T>(probe: () => T | null | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() - started > timeoutMs) throw new Error(`timeline bench: timed out waiting for ${what}`);
    await frame();
  }
}

/** Renders one timeline in a fixed-size box, as in the gadget; returns it and a way to remove it. */
function mount(backend: BuiltInStore, customerId: string): { timeline: CcJourneyTimeline; unmount: () => void } {
  const box = document.createElement('div');
  box.style.cssText = 'inline-size: 420px; block-size: 640px; position: fixed; inset-block-start: 0; inset-inline-start: 0;';
  document.body.append(box);
  render(
    html`<cc-backend-provider .backend=${backend}>
      <cc-journey-timeline customer-id=${customerId} style="--cc-journey-timeline-block-size: 640px"></cc-journey-timeline>
    </cc-backend-provider>`,
    box,
  );
  return { timeline: box.querySelector('cc-journey-timeline')!, unmount: () => box.remove() };
}

/**
 * Prints, for a customer with `activities` activities:
 * - `timeline first rows`: from adding the element to the frame that paints its first activity (median);
 * - `timeline longest frame while scrolling`, with the median and p95: requestAnimationFrame deltas during a scripted scroll;
 * - `timeline pages loaded while scrolling` and `timeline rows in the DOM (max)`: paging stayed incremental.
 */
export async function benchTimeline(print: Print, options: TimelineBenchOptions = {}): Promise<void> {
  const { activities = 10_000, opens = 5, scrollFrames = 240, scrollStep = 150 } = options;
  const databaseName = `bench-timeline-${crypto.randomUUID()}`;
  const store = await BuiltInStore.open({ databaseName, timeoutMs: 15_000 });
  try {
    const data = generateSyntheticStore({ customers: 1, activities, heavyCustomerActivities: activities, seed: 3 });
    await store.importData(data);
    const customerId = data.customers[0]!.id;
    const label = `${activities.toLocaleString('en-US')} activities`;

    // Warm the code paths and the database once, so that the figure is the timeline, not the first import of a module.
    const warm = mount(store, customerId);
    await until(() => warm.timeline.shadowRoot?.querySelector('button.toggle'), 'the warm-up rows');
    warm.unmount();

    const firstRows: number[] = [];
    for (let open = 0; open < opens; open += 1) {
      const started = performance.now();
      const { timeline, unmount } = mount(store, customerId);
      await until(() => timeline.shadowRoot?.querySelector('button.toggle'), 'the first rows');
      await frame();
      firstRows.push(performance.now() - started);
      unmount();
    }
    print(`timeline first rows, customer with ${label} (median of ${opens})`, median(firstRows), 'ms');

    const queries: ListActivitiesQuery[] = [];
    const list = store.listActivities.bind(store);
    store.listActivities = (id, query, operation) => {
      queries.push(query ?? {});
      return list(id, query, operation);
    };
    const { timeline, unmount } = mount(store, customerId);
    try {
      const scroller = await until(() => {
        const candidate = timeline.shadowRoot?.querySelector<HTMLElement>('[role="list"]');
        return candidate?.querySelector('button.toggle') ? candidate : undefined;
      }, 'the list');
      const deltas: number[] = [];
      let rowsMax = 0;
      let previous = await frame();
      for (let i = 0; i < scrollFrames; i += 1) {
        scroller.scrollTop += scrollStep;
        const now = await frame();
        deltas.push(now - previous);
        previous = now;
        rowsMax = Math.max(rowsMax, scroller.querySelectorAll('[role="listitem"]').length);
      }
      print(`timeline longest frame while scrolling, customer with ${label}`, Math.max(...deltas), 'ms');
      print(`timeline median frame while scrolling, customer with ${label}`, median(deltas), 'ms');
      print(`timeline frame p95 while scrolling, customer with ${label}`, percentile(deltas, 0.95), 'ms');
      print(`timeline pages loaded while scrolling ${scrollFrames} frames`, queries.filter((query) => query.cursor).length, 'pages');
      print(`timeline rows in the DOM while scrolling (max)`, rowsMax, 'rows');
    } finally {
      unmount();
    }
  } finally {
    store.close();
    await BuiltInStore.deleteDatabase(databaseName);
  }
}
