import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { DelayedFlagController } from '../../src/controllers/delayed-flag-controller.js';
import { waitUntil } from '../support/wait.js';

const DELAY_MS = 30;

/** Shows "Waiting…" while its flag is on. */
class WaitingElement extends LitElement {
  readonly flag = new DelayedFlagController(this, DELAY_MS);
  override render() {
    return html`${this.flag.on ? html`<p>Waiting…</p>` : ''}`;
  }
}
customElements.define('test-delayed-flag', WaitingElement);

const shown = (element: WaitingElement) => element.shadowRoot!.querySelector('p') !== null;

describe('DelayedFlagController', () => {
  it('turns on only once the wait has lasted its delay, and the host shows it', async () => {
    const element = await fixture<WaitingElement>(html`<test-delayed-flag></test-delayed-flag>`);
    const started = performance.now();
    element.flag.set(true);
    expect(element.flag.on).to.equal(false);
    await waitUntil(() => shown(element), 'the wait shown');
    // Never sooner than its delay (a lower bound, which no slow machine can fail).
    expect(performance.now() - started).to.be.at.least(DELAY_MS - 1);
  });

  it('turns off at once when the wait ends, and never on for a wait shorter than its delay', async () => {
    const element = await fixture<WaitingElement>(html`<test-delayed-flag></test-delayed-flag>`);
    element.flag.set(true);
    await waitUntil(() => shown(element), 'the wait shown');
    element.flag.set(false);
    expect(element.flag.on).to.equal(false);
    await element.updateComplete;
    expect(shown(element)).to.equal(false);
    // A short wait: ended before its timer could fire, whatever the load, since ending clears it.
    element.flag.set(true);
    element.flag.set(false);
    await new Promise((resolve) => setTimeout(resolve, DELAY_MS * 3));
    expect(element.flag.on).to.equal(false);
  });

  it('shows nothing off the page, and shows a wait still going on again once back', async () => {
    const element = await fixture<WaitingElement>(html`<test-delayed-flag></test-delayed-flag>`);
    const parent = element.parentElement!;
    element.flag.set(true);
    await waitUntil(() => shown(element), 'the wait shown');
    element.remove();
    expect(element.flag.on).to.equal(false);
    parent.append(element);
    expect(element.flag.on).to.equal(false);
    await waitUntil(() => element.flag.on && shown(element), 'the wait shown again');
    element.flag.set(false);
    await element.updateComplete;
    expect(shown(element)).to.equal(false);
  });
});
