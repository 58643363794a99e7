import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { AttributeWatchController } from '../../src/controllers/attribute-watch-controller.js';
import { waitUntil } from '../support/wait.js';

/** Renders its `dir` attribute, which is no reactive property of its own. */
class WatchingElement extends LitElement {
  renders = 0;
  readonly watch = new AttributeWatchController(this, ['dir']);
  override render() {
    this.renders += 1;
    return html`<p>${this.getAttribute('dir') ?? 'none'}</p>`;
  }
}
customElements.define('test-attribute-watch', WatchingElement);

const shown = (element: WatchingElement) => element.shadowRoot!.querySelector('p')!.textContent;

describe('AttributeWatchController', () => {
  it('renders the host again when a watched attribute changes, not for another', async () => {
    const element = await fixture<WatchingElement>(html`<test-attribute-watch></test-attribute-watch>`);
    expect(shown(element)).to.equal('none');
    element.setAttribute('dir', 'rtl');
    await waitUntil(() => shown(element) === 'rtl', 'the new dir rendered');
    const renders = element.renders;
    element.setAttribute('title', 'not watched');
    // A mutation record is delivered before the next task: one later, nothing has been asked for.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await element.updateComplete;
    expect(element.renders).to.equal(renders);
  });

  it('stops watching while the host is off the page, and watches again when it comes back', async () => {
    const element = await fixture<WatchingElement>(html`<test-attribute-watch></test-attribute-watch>`);
    const parent = element.parentElement!;
    element.remove();
    element.setAttribute('dir', 'rtl');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(element.isUpdatePending).to.equal(false);
    parent.append(element);
    await element.updateComplete;
    element.setAttribute('dir', 'ltr');
    await waitUntil(() => shown(element) === 'ltr', 'watched again');
  });
});
