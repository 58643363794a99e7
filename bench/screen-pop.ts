/**
 * The screen-pop: from a proposal's arrival in the store to the frame that paints its pop, in the
 * gadget on the demo journey. Read from the message's words, so the date parser is in the path.
 */
import { html, render } from 'lit';
import { BuiltInStore } from '../src/backend/index.js';
import '../src/components/customer-context/customer-context.js';
import type { CcCustomerContext } from '../src/components/customer-context/customer-context.js';
import { DEMO_CUSTOMER_TIME_ZONE, DEMO_IDS, seedDemoJourney } from '../src/demo/journey.js';
import type { Print } from './timeline.js';

function frame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(resolve));
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
    if (performance.now() - started > timeoutMs) throw new Error(`screen-pop bench: timed out waiting for ${what}`);
    await frame();
  }
}

/** Prints `screen-pop arrival to visible` p50 and p95 over `arrivals` proposals (default 20). */
export async function benchScreenPop(print: Print, arrivals = 20): Promise<void> {
  const databaseName = `cc-bench-screen-pop-${crypto.randomUUID()}`;
  const store = await BuiltInStore.open({ databaseName });
  await seedDemoJourney(store);
  const box = document.createElement('div');
  box.style.cssText = 'inline-size: 480px; block-size: 800px; position: fixed; inset-block-start: 0; inset-inline-start: 0;';
  document.body.append(box);
  render(
    html`<cc-customer-context .backend=${store} customer-id=${DEMO_IDS.jordan} customer-time-zone=${DEMO_CUSTOMER_TIME_ZONE}></cc-customer-context>`,
    box,
  );
  const gadget = box.querySelector<CcCustomerContext>('cc-customer-context')!;
  const pop = await until(() => gadget.shadowRoot?.querySelector('cc-appointment-pop'), 'the customer');
  // Measured without writing back: the host takes the dismissal over.
  pop.addEventListener('cc-appointment-dismiss', (event) => event.preventDefault());
  const samples: number[] = [];
  try {
    for (let round = 0; round < arrivals; round += 1) {
      const started = performance.now();
      await store.createActivity({
        customerId: DEMO_IDS.jordan,
        mediaType: 'sms',
        direction: 'inbound',
        title: 'New date proposed',
        message: 'I have a conflict on Sunday. Could we do Tuesday at 4pm instead?',
      });
      const region = await until(() => pop.shadowRoot?.querySelector<HTMLElement>('section[part="base"]'), 'the pop');
      await frame();
      samples.push(performance.now() - started);
      [...region.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Dismiss')?.click();
      await until(() => !pop.shadowRoot?.querySelector('section[part="base"]'), 'the pop to go');
    }
  } finally {
    box.remove();
    store.close();
    await BuiltInStore.deleteDatabase(databaseName);
  }
  print('screen-pop arrival to visible p50', percentile(samples, 0.5), 'ms');
  print('screen-pop arrival to visible p95', percentile(samples, 0.95), 'ms');
}
