import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/backend-provider/backend-provider.js';
import type { CcBackendProvider } from '../../src/components/backend-provider/backend-provider.js';
import '../../src/components/sensitive-value/sensitive-value.js';
import type { CcSensitiveValue } from '../../src/components/sensitive-value/sensitive-value.js';
import type { SensitiveAccess } from '../../src/contexts/sensitive-access-context.js';
import { DEMO_IDS } from '../../src/demo/journey.js';
import type { SensitiveRevealEvent } from '../../src/events/sensitive-reveal.js';
import { MASK, REVEAL_AUDIT_TAG } from '../../src/model/index.js';
import { AGENT, MAY_REVEAL, riderStore } from './support/field-set-providers.js';

const SECRET = 'June 14, 1988';
const opened: BuiltInStore[] = [];

afterEach(async () => {
  for (const store of opened.splice(0)) {
    store.close();
    await BuiltInStore.deleteDatabase(store.databaseName);
  }
});

async function store(): Promise<BuiltInStore> {
  const opening = await riderStore('sensitive-value');
  opened.push(opening);
  return opening;
}

async function renderValue(backend: BuiltInStore, access: SensitiveAccess = MAY_REVEAL, customerId: string = DEMO_IDS.jordan): Promise<CcSensitiveValue> {
  const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider .backend=${backend}>
    <cc-part-providers .access=${access}>
      <cc-sensitive-value .value=${SECRET} label="Date of birth" audit-label="Date of birth" field-id="Date_Of_Birth" customer-id=${customerId}></cc-sensitive-value>
    </cc-part-providers>
  </cc-backend-provider>`);
  const element = provider.querySelector('cc-sensitive-value')!;
  await element.updateComplete;
  return element;
}

function shown(element: CcSensitiveValue): string {
  return element.shadowRoot!.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

function button(element: CcSensitiveValue, name: string): HTMLButtonElement | undefined {
  return [...element.shadowRoot!.querySelectorAll('button')].find((candidate) => candidate.getAttribute('aria-label') === name);
}

async function audits(backend: BuiltInStore) {
  const page = await backend.listActivities(DEMO_IDS.jordan);
  return page.activities.filter((activity) => activity.tags.includes(REVEAL_AUDIT_TAG));
}

describe('cc-sensitive-value', () => {
  it('renders', async () => {
    const element = await renderValue(await store());
    expect(element).to.be.instanceOf(customElements.get('cc-sensitive-value')!);
    expect(shown(element)).to.contain(MASK);
  });

  it('is accessible', async () => {
    const element = await renderValue(await store());
    await expect(element).to.be.accessible();
  });

  describe('masking', () => {
    it('never puts the value in the DOM while masked: not as text, not in an attribute or a tooltip', async () => {
      const element = await renderValue(await store());
      expect(element.shadowRoot!.innerHTML).not.to.contain(SECRET);
      expect(element.outerHTML).not.to.contain(SECRET);
      expect(shown(element)).to.contain('Hidden');
    });

    it('offers no reveal without the host’s grant, or without an agent to record it for', async () => {
      const backend = await store();
      expect(button(await renderValue(backend, { canReveal: false, agent: AGENT }), 'Reveal Date of birth')).to.equal(undefined);
      expect(button(await renderValue(backend, { canReveal: true }), 'Reveal Date of birth')).to.equal(undefined);
      expect(button(await renderValue(backend, MAY_REVEAL, ''), 'Reveal Date of birth')).to.equal(undefined);
    });
  });

  describe('reveal', () => {
    it('records who revealed which field, then shows the value; Hide masks it again without a record', async () => {
      const backend = await store();
      const element = await renderValue(backend);
      const reveal = button(element, 'Reveal Date of birth')!;
      reveal.focus();
      const revealed = oneEvent(element, 'cc-sensitive-reveal') as Promise<SensitiveRevealEvent>;
      await sendKeys({ press: 'Enter' });
      const event = await revealed;
      await element.updateComplete;
      expect(shown(element)).to.contain(SECRET);
      const [audit, ...more] = await audits(backend);
      expect(more).to.have.length(0);
      expect(audit!.id).to.equal(event.detail.auditActivityId);
      expect(audit!.contributors).to.deep.include({ type: 'user', id: AGENT.id, name: AGENT.name });
      expect(audit!.title).to.contain('Date of birth');
      expect(audit!.message).to.contain('Date_Of_Birth').and.to.contain(AGENT.name);
      // Not even the year; the audit's random id and its timestamps are left out of the look, since they may hold any digits.
      const { id: _id, created: _created, lastUpdated: _lastUpdated, ...recorded } = audit!;
      expect(JSON.stringify(audit)).not.to.contain(SECRET);
      expect(JSON.stringify(recorded)).not.to.contain('1988');
      expect(JSON.stringify(event.detail)).not.to.contain(SECRET);
      expect(event.detail).to.include({ fieldId: 'Date_Of_Birth', customerId: DEMO_IDS.jordan });
      // Focus stays on the toggle, which now hides.
      expect(element.shadowRoot!.activeElement).to.equal(button(element, 'Hide Date of birth'));
      await sendKeys({ press: 'Enter' });
      await element.updateComplete;
      expect(shown(element)).not.to.contain(SECRET);
      expect(await audits(backend)).to.have.length(1);
    });

    it('records each reveal as its own activity', async () => {
      const backend = await store();
      const element = await renderValue(backend);
      for (let round = 0; round < 2; round += 1) {
        button(element, 'Reveal Date of birth')!.click();
        await waitUntil(() => button(element, 'Hide Date of birth'), 'The value revealed');
        button(element, 'Hide Date of birth')!.click();
        await element.updateComplete;
      }
      expect(await audits(backend)).to.have.length(2);
    });

    it('names the button for what it does while the reveal is recorded, and takes no second press', async () => {
      const backend = await store();
      const element = await renderValue(backend);
      backend.fault = 'stall';
      let recorded = 0;
      const createActivity = backend.createActivity.bind(backend);
      backend.createActivity = (...args) => {
        recorded += 1;
        return createActivity(...args);
      };
      button(element, 'Reveal Date of birth')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => button(element, 'Revealing Date of birth…'), 'The button named for the reveal under way');
      const pending = button(element, 'Revealing Date of birth…')!;
      expect(pending.getAttribute('aria-disabled')).to.equal('true');
      expect(pending.textContent!.trim()).to.equal('Revealing…');
      expect(element.shadowRoot!.activeElement, 'the keyboard stays on the busy button').to.equal(pending);
      await sendKeys({ press: 'Enter' });
      await element.updateComplete;
      expect(recorded, 'a second press records nothing more').to.equal(1);
      await expect(element).to.be.accessible();
      backend.fault = 'none';
    });

    it('keeps the value hidden, and says so, when the reveal cannot be recorded', async () => {
      const backend = await store();
      const element = await renderValue(backend);
      backend.fault = 'unavailable';
      button(element, 'Reveal Date of birth')!.click();
      await waitUntil(() => element.shadowRoot!.querySelector('[role="alert"]'), 'The failure explained');
      expect(shown(element)).to.contain('could not be recorded');
      expect(element.shadowRoot!.innerHTML).not.to.contain(SECRET);
      backend.fault = 'none';
      expect(await audits(backend)).to.have.length(0);
    });

    it('masks again when the grant is withdrawn', async () => {
      const backend = await store();
      const element = await renderValue(backend);
      button(element, 'Reveal Date of birth')!.click();
      await waitUntil(() => shown(element).includes(SECRET), 'The value revealed');
      (element.parentElement as HTMLElement & { access: SensitiveAccess }).access = { canReveal: false, agent: AGENT };
      await waitUntil(() => !shown(element).includes(SECRET), 'The value masked again');
      expect(button(element, 'Reveal Date of birth')).to.equal(undefined);
    });
  });
});
