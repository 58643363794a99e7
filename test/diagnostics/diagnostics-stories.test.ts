/**
 * The diagnostics stories, rendered as Storybook would (see ../stories/render-story.ts): each shows
 * its state and passes axe.
 */
import { expect } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { render } from 'lit';
import type { CcDiagnostics } from '../../src/components/diagnostics/diagnostics.js';
import { setLocale } from '../../src/localization.js';
import * as stories from '../../stories/diagnostics.stories.js';
import { renderStory, type Annotations } from '../stories/render-story.js';

const normalise = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
const meta = stories.default as unknown as Annotations;

/** What each story must show as its connection state and reachability (none before the first answer). */
const EXPECTED: Record<string, { connection: string; reachability?: string; check?: (el: CcDiagnostics) => void }> = {
  Registered: { connection: 'Registered', reachability: 'Reachable' },
  NotRegistered: { connection: 'Not registered', reachability: 'Reachable' },
  RegistrationInProgress: { connection: 'Registration is in progress', reachability: 'Reachable' },
  RegistrationInvalid: { connection: 'The Context service registration status is invalid. Check the Settings and try again.', reachability: 'Reachable' },
  Undefined: { connection: 'Undefined' },
  ConnectionError: { connection: 'Failed to register with the Context Service because of a connection error.', reachability: 'Unreachable' },
  DuringOutage: { connection: 'Registered', reachability: 'Unreachable' },
  Dark: {
    connection: 'Registered',
    reachability: 'Reachable',
    check: (el) => expect(getComputedStyle(el.shadowRoot!.querySelector('[part="base"]')!).backgroundColor).to.equal('rgb(28, 27, 31)'),
  },
  French: {
    connection: 'Enregistré',
    reachability: 'Joignable',
    check: (el) => expect(normalise(el.shadowRoot!.querySelector('h2')?.textContent)).to.equal('Diagnostic'),
  },
};

function fact(el: CcDiagnostics, index: number): string {
  return normalise(el.shadowRoot!.querySelectorAll('dd')[index]?.textContent);
}

describe('stories/diagnostics.stories.ts', () => {
  let canvas: HTMLElement;

  beforeEach(() => {
    canvas = document.createElement('div');
    document.body.append(canvas);
  });

  afterEach(async () => {
    render(null, canvas);
    canvas.remove();
    document.documentElement.style.colorScheme = '';
    await setLocale('en');
  });

  it('has one story per connection state, plus outage, dark and French', () => {
    const names = Object.keys(stories).filter((name) => name !== 'default');
    expect(names.sort()).to.deep.equal(Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name} shows its state and passes axe`, async function () {
      this.timeout(60_000);
      const story = (stories as unknown as Record<string, Annotations>)[name]!;
      await renderStory('diagnostics', meta, name, story, canvas);
      const el = canvas.querySelector('cc-diagnostics')!;
      // The figures come with the backend's answer; before it, the connection alone.
      await waitUntil(() => el.shadowRoot?.querySelector(expected.reachability ? 'table' : 'dl'), `${name} shows the status`);
      await el.updateComplete;
      expect(fact(el, 0)).to.equal(expected.connection);
      if (expected.reachability) {
        expect(fact(el, 1)).to.equal(expected.reachability);
        expect(el.shadowRoot!.querySelectorAll('tbody tr').length, 'operations with figures').to.be.greaterThan(2);
      } else expect(el.shadowRoot!.querySelectorAll('dd, table')).to.have.length(1);
      expected.check?.(el);
      await expect(canvas).to.be.accessible();
    });
  }
});
