import { ContextProvider } from '@lit/context';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import type { BackendStatus } from '../../src/backend/adapter.js';
import { BuiltInStore } from '../../src/backend/index.js';
import '../../src/components/backend-provider/backend-provider.js';
import '../../src/components/diagnostics/diagnostics.js';
import type { CcDiagnostics } from '../../src/components/diagnostics/diagnostics.js';
import { DEFAULT_SETTINGS, settingsContext } from '../../src/contexts/settings-context.js';
import { formatReport } from '../../src/diagnostics/report.js';
import { summarize } from '../../src/diagnostics/summary.js';
import { setLocale } from '../../src/localization.js';
import { UnavailableError } from '../../src/model/errors.js';
import { StatusOnlyBackend, sampleStatus } from './fake-backend.js';
import { allByRole, byRole, normalise } from '../support/roles.js';

/** The description list's value for a term, as a person reads it. */
function fact(el: CcDiagnostics, term: string): string {
  const terms = [...el.shadowRoot!.querySelectorAll('dt')];
  const dt = terms.find((candidate) => normalise(candidate.textContent) === term);
  if (!dt) throw new Error(`No fact "${term}" among ${terms.map((t) => normalise(t.textContent)).join(', ')}`);
  return normalise(dt.nextElementSibling?.textContent);
}

/** Each body row of the operations table as its cells' text, row header first. */
function operationRows(el: CcDiagnostics): string[][] {
  const table = byRole<HTMLTableElement>(el, 'table', 'Operations');
  return [...table.tBodies[0]!.rows].map((row) => [...row.cells].map((cell) => normalise(cell.textContent)));
}

const announcement = (el: CcDiagnostics) => normalise(byRole(el, 'status').textContent);

async function shown(el: CcDiagnostics): Promise<void> {
  // The table of figures comes with the backend's answer (before it, only the connection is shown).
  await waitUntil(() => el.shadowRoot!.querySelector('table') || el.shadowRoot!.querySelector('cc-context-error'), 'the panel shows the status');
  await el.updateComplete;
}

async function panel(backend = new StatusOnlyBackend(sampleStatus()), attributes: { registration?: string; timeout?: number; interval?: number } = {}) {
  const el = await fixture<CcDiagnostics>(html`<cc-diagnostics
    .backend=${backend}
    registration=${attributes.registration ?? 'registered'}
    timeout=${attributes.timeout ?? 1200}
    refresh-interval=${attributes.interval ?? 0}
  ></cc-diagnostics>`);
  await shown(el);
  return { el, backend };
}

async function activate(el: CcDiagnostics, control: HTMLElement): Promise<void> {
  control.focus();
  await sendKeys({ press: 'Enter' });
  await el.updateComplete;
}

const stores: { store: BuiltInStore; name: string }[] = [];
async function store(name: string, settings: { timeoutMs?: number } = {}): Promise<BuiltInStore> {
  const databaseName = `cc-test-diagnostics-${name}`;
  await BuiltInStore.deleteDatabase(databaseName);
  const opened = await BuiltInStore.open({ databaseName, timeoutMs: 15_000, ...settings });
  stores.push({ store: opened, name: databaseName });
  return opened;
}

let clipboard: PropertyDescriptor | undefined;
beforeEach(() => (clipboard = Object.getOwnPropertyDescriptor(navigator, 'clipboard')));

afterEach(async () => {
  if (clipboard) Object.defineProperty(navigator, 'clipboard', clipboard);
  else delete (navigator as { clipboard?: unknown }).clipboard;
  for (const { store: opened, name } of stores.splice(0)) {
    opened.close();
    await BuiltInStore.deleteDatabase(name);
  }
});

describe('cc-diagnostics', () => {
  it('renders', async () => {
    const { el } = await panel();
    const region = byRole(el, 'region', 'Diagnostics');
    expect(region.tagName).to.equal('SECTION');
    expect(fact(el, 'Connection')).to.equal('Registered');
    expect(fact(el, 'Reachability')).to.equal('Reachable');
    expect(fact(el, 'Probe latency')).to.equal('3.2 ms');
    expect(byRole(el, 'button', 'Refresh')).to.exist;
    expect(byRole(el, 'button', 'Copy diagnostics')).to.exist;
  });

  it('is accessible', async () => {
    const { el } = await panel();
    await expect(el).to.be.accessible();
  });

  describe('connection state', () => {
    const cases: [string | undefined, BackendStatus, string][] = [
      ['registered', sampleStatus(), 'Registered'],
      ['unregistered', sampleStatus(), 'Not registered'],
      ['registering', sampleStatus(), 'Registration is in progress'],
      ['deregistering', sampleStatus(), 'Deregistration is in progress'],
      ['invalid', sampleStatus(), 'The Context service registration status is invalid. Check the Settings and try again.'],
      ['', sampleStatus({ reachable: false, operations: {} }), 'Not registered'],
      ['', sampleStatus({ reachable: false }), 'Failed to register with the Context Service because of a connection error.'],
      ['', sampleStatus(), 'Registered'],
    ];
    for (const [registration, status, label] of cases) {
      it(`says "${label}" for the host's "${registration}" and a ${status.reachable ? 'reachable' : 'unreachable'} backend`, async () => {
        const { el } = await panel(new StatusOnlyBackend(status), { ...(registration === undefined ? {} : { registration }) });
        expect(fact(el, 'Connection')).to.equal(label);
      });
    }

    it('marks a state that needs attention, in words as well as colour', async () => {
      const { el } = await panel(new StatusOnlyBackend(sampleStatus({ reachable: false })), { registration: 'invalid' });
      const connection = [...el.shadowRoot!.querySelectorAll('dd')].find((dd) => dd.dataset['state']);
      expect(connection?.dataset['state']).to.equal('registration-invalid');
      expect(connection?.classList.contains('problem')).to.equal(true);
      expect(fact(el, 'Reachability')).to.equal('Unreachable');
      await expect(el).to.be.accessible();
    });
  });

  describe('before the first answer', () => {
    /** A panel whose backend has not answered yet, as right after a page refresh. */
    async function waiting(registration?: string) {
      const backend = new StatusOnlyBackend(() => new Promise<never>(() => undefined));
      const el = await fixture<CcDiagnostics>(html`<cc-diagnostics .backend=${backend} registration=${registration ?? ''} refresh-interval="0"></cc-diagnostics>`);
      await waitUntil(() => backend.calls.length > 0, 'the panel asks for the status');
      await el.updateComplete;
      return el;
    }

    it('says "Undefined" without the host’s word, marked as no problem, and is accessible', async () => {
      const el = await waiting();
      expect(fact(el, 'Connection')).to.equal('Undefined');
      const connection = el.shadowRoot!.querySelector<HTMLElement>('dd[data-state]');
      expect(connection?.dataset['state']).to.equal('undefined');
      expect(connection?.classList.contains('problem')).to.equal(false);
      expect(normalise(el.shadowRoot!.querySelector('.note')?.textContent)).to.equal('Checking the context store…');
      expect(el.shadowRoot!.querySelector('table')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('gives the host’s word while the backend has not answered', async () => {
      expect(fact(await waiting('registering'), 'Connection')).to.equal('Registration is in progress');
      expect(fact(await waiting('registered'), 'Connection')).to.equal('Registered');
    });

    it('says "Non défini" in French', async () => {
      await setLocale('fr');
      try {
        const el = await waiting();
        await el.updateComplete;
        expect(fact(el, 'Connexion')).to.equal('Non défini');
      } finally {
        await setLocale('en');
      }
    });
  });

  describe('a connection error', () => {
    const status = sampleStatus({
      reachable: false,
      operations: { status: { count: 1, errors: 1, meanMs: 1200, p95Ms: 1200, lastError: { code: 'unavailable', message: 'socket closed', at: '2026-11-25T10:00:00.000Z' } } },
    });

    it('says the registration failed because of it, marked as a problem in words and colour, and is accessible', async () => {
      const { el } = await panel(new StatusOnlyBackend(status), { registration: '' });
      expect(fact(el, 'Connection')).to.equal('Failed to register with the Context Service because of a connection error.');
      const connection = el.shadowRoot!.querySelector<HTMLElement>('dd[data-state]');
      expect(connection?.dataset['state']).to.equal('registration-failed');
      expect(connection?.classList.contains('problem')).to.equal(true);
      expect(fact(el, 'Reachability')).to.equal('Unreachable');
      await expect(el).to.be.accessible();
    });

    it('says so in French', async () => {
      await setLocale('fr');
      try {
        const { el } = await panel(new StatusOnlyBackend(status), { registration: '' });
        expect(fact(el, 'Connexion')).to.equal('Échec de l’enregistrement auprès du service Context en raison d’une erreur de connexion.');
      } finally {
        await setLocale('en');
      }
    });
  });

  describe('figures', () => {
    it('shows p50 and p95, calls and errors per operation in a table with headers', async () => {
      const { el } = await panel();
      const table = byRole<HTMLTableElement>(el, 'table', 'Operations');
      expect(allByRole(table, 'columnheader').map((th) => normalise(th.textContent))).to.deep.equal(['Operation', 'Calls', 'Errors', 'p50 (ms)', 'p95 (ms)']);
      expect(allByRole(table, 'rowheader').map((th) => normalise(th.textContent))).to.deep.equal(['findCustomers', 'getCustomer', 'listActivities']);
      expect(operationRows(el)).to.deep.equal([
        ['findCustomers', '12', '0', '4.1', '9.8'],
        ['getCustomer', '7', '2', '2', '6.3'],
        ['listActivities', '3', '1', '18', '31.5'],
      ]);
      expect(fact(el, 'Calls')).to.equal('22, of which 3 failed');
    });

    it('says when a backend does not report a median, and when nothing was called', async () => {
      const status = sampleStatus({ operations: { getCustomer: { count: 1, errors: 0, meanMs: 4, p95Ms: 4 } } });
      const { el } = await panel(new StatusOnlyBackend(status));
      expect(operationRows(el)).to.deep.equal([['getCustomer', '1', '0', '—not reported', '4']]);
      const empty = await panel(new StatusOnlyBackend(sampleStatus({ operations: {} })));
      expect(operationRows(empty.el)).to.deep.equal([['No operation has been called yet.']]);
    });

    it('shows the last error by its generic cause, code, operation and time', async () => {
      const { el } = await panel();
      const shownTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date('2026-11-25T10:04:30.000Z'));
      expect(fact(el, 'Last error')).to.equal(`Timed out (timeout) in listActivities, ${shownTime}`);
      const clean = await panel(new StatusOnlyBackend(sampleStatus({ operations: {} })));
      expect(fact(clean.el, 'Last error')).to.equal('None');
    });

    it('shows the settings in force: timeout, lab mode and the backend’s name', async () => {
      const { el } = await panel(new StatusOnlyBackend(sampleStatus({ labMode: true, backend: 'HTTP https://ops:pw@ctx.example.com/v1?key=1' })), { timeout: 2500 });
      expect(fact(el, 'Timeout')).to.equal('2,500 ms');
      expect(fact(el, 'Lab mode')).to.equal('On');
      expect(fact(el, 'Backend')).to.equal('HTTP https://ctx.example.com/v1');
    });

    it('probes with the timeout in force', async () => {
      const { backend } = await panel(undefined, { timeout: 2500 });
      expect(backend.calls[0]?.timeoutMs).to.equal(2500);
      expect(backend.calls[0]?.signal).to.be.instanceOf(AbortSignal);
    });
  });

  describe('backend and settings from context', () => {
    it('examines the backend provided from above, and takes the timeout from the gadget’s settings', async () => {
      const backend = new StatusOnlyBackend(sampleStatus());
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      new ContextProvider(host, { context: settingsContext, initialValue: { ...DEFAULT_SETTINGS, timeoutMs: 800 } });
      host.innerHTML = '<cc-backend-provider><cc-diagnostics></cc-diagnostics></cc-backend-provider>';
      host.querySelector('cc-backend-provider')!.backend = backend;
      const el = host.querySelector('cc-diagnostics')!;
      await shown(el);
      expect(fact(el, 'Timeout')).to.equal('800 ms');
      expect(backend.calls[0]?.timeoutMs).to.equal(800);
    });

    it('says so when no backend is connected, offering nothing to press', async () => {
      const el = await fixture<CcDiagnostics>(html`<cc-diagnostics></cc-diagnostics>`);
      expect(normalise(el.shadowRoot!.textContent)).to.include('No context store is connected to this panel.');
      expect(allByRole(el, 'button')).to.have.length(0);
      await expect(el).to.be.accessible();
    });
  });

  describe('refresh', () => {
    it('asks again when Refresh is pressed by keyboard, shows the new figures and says so politely', async () => {
      const backend = new StatusOnlyBackend(sampleStatus());
      const { el } = await panel(backend);
      backend.next = sampleStatus({ reachable: false, latencyMs: 1200 });
      await activate(el, byRole(el, 'button', 'Refresh'));
      await waitUntil(() => fact(el, 'Reachability') === 'Unreachable', 'the new status is shown');
      expect(backend.calls).to.have.length(2);
      expect(fact(el, 'Probe latency')).to.equal('1,200 ms');
      await waitUntil(() => announcement(el).startsWith('Refreshed at'), 'the refresh is announced');
      expect(byRole(el, 'status').closest('[aria-live="assertive"]')).to.equal(null);
    });

    it('refreshes by itself while it can be seen, and stops while hidden', async () => {
      const { el, backend } = await panel(undefined, { interval: 100 });
      await waitUntil(() => backend.calls.length >= 3, 'refreshed periodically');
      el.hidden = true;
      // Our own observer hears of it in the same rendering step as the panel's, which was made first.
      await new Promise<void>((resolve) => {
        const observer = new IntersectionObserver((entries) => {
          if (entries.some((entry) => !entry.isIntersecting)) {
            observer.disconnect();
            resolve();
          }
        });
        observer.observe(el);
      });
      const whileHidden = backend.calls.length;
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(backend.calls.length).to.equal(whileHidden);
      el.hidden = false;
      await waitUntil(() => backend.calls.length > whileHidden, 'refreshes again once shown');
    });

    it('does not refresh by itself while its browser tab is in the background', async () => {
      const { el, backend } = await panel(undefined, { interval: 100 });
      const visibility = Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState')!;
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      try {
        document.dispatchEvent(new Event('visibilitychange'));
        const hidden = backend.calls.length;
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect(backend.calls.length).to.equal(hidden);
      } finally {
        delete (document as { visibilityState?: unknown }).visibilityState;
        expect(Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState')).to.deep.equal(visibility);
      }
      const shownAgain = backend.calls.length;
      document.dispatchEvent(new Event('visibilitychange'));
      await waitUntil(() => backend.calls.length > shownAgain, 'refreshes again in the foreground');
      expect(el.isConnected).to.equal(true);
    });

    it('does not refresh by itself when the interval is 0', async () => {
      const { backend } = await panel(undefined, { interval: 0 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(backend.calls).to.have.length(1);
    });

    it('shows the error state when the backend gives no status, and Retry asks again', async () => {
      const backend = new StatusOnlyBackend(() => Promise.reject(new UnavailableError('socket closed')));
      const { el } = await panel(backend);
      expect(normalise(byRole(el, 'alert').textContent)).to.include('The context store cannot be reached');
      await expect(el).to.be.accessible();
      backend.next = sampleStatus();
      await activate(el, byRole(el, 'button', 'Retry'));
      await waitUntil(() => el.shadowRoot!.querySelector('table'), 'the status replaces the error');
      expect(fact(el, 'Reachability')).to.equal('Reachable');
    });
  });

  describe('a real store', () => {
    it('during an outage: unreachable, and the timeout is the last error', async () => {
      const backend = await store('outage', { timeoutMs: 200 });
      backend.fault = 'stall';
      const el = await fixture<CcDiagnostics>(html`<cc-diagnostics .backend=${backend} registration="registered" refresh-interval="0"></cc-diagnostics>`);
      await shown(el);
      expect(fact(el, 'Reachability')).to.equal('Unreachable');
      expect(fact(el, 'Last error')).to.match(/^Timed out \(timeout\) in status, /);
      const [row, ...others] = operationRows(el);
      expect(others).to.deep.equal([]);
      expect(row!.slice(0, 3)).to.deep.equal(['status', '1', '1']);
      expect(Number(row![4]!.replace(',', ''))).to.be.at.least(200);
    });

    it('never shows or copies what a failed call was asked: no phone number, no email', async () => {
      const phone = '+1 408 555 0142';
      const email = 'jordan.ellis@example.com';
      const backend = await store('redaction');
      await backend.getCustomer(`${email} ${phone}`).catch(() => undefined);
      await backend.findCustomers(phone);
      await backend.findCustomers(email);
      const copied = stubClipboard(async () => undefined);
      const el = await fixture<CcDiagnostics>(html`<cc-diagnostics .backend=${backend} refresh-interval="0"></cc-diagnostics>`);
      await shown(el);
      expect(fact(el, 'Last error')).to.match(/^Something asked for does not exist \(not-found\) in getCustomer, /);
      await activate(el, byRole(el, 'button', 'Copy diagnostics'));
      await waitUntil(() => copied.length === 1, 'the report is copied');
      for (const text of [el.shadowRoot!.textContent ?? '', copied[0]!]) {
        expect(text).not.to.include(email);
        expect(text).not.to.include('jordan');
        // Any spelling of the number; a bare "555" could be a timestamp's milliseconds.
        expect(text).not.to.match(/408\D{0,2}555|555\D{0,2}0142/);
      }
    });
  });

  describe('copy diagnostics', () => {
    it('copies the plain-text report and announces it politely', async () => {
      const copied = stubClipboard(async () => undefined);
      const { el } = await panel();
      await activate(el, byRole(el, 'button', 'Copy diagnostics'));
      await waitUntil(() => copied.length === 1, 'the report is copied');
      const report = copied[0]!;
      const taken = /^Taken at: (.+)$/m.exec(report)?.[1];
      expect(taken).to.match(/^\d{4}-\d\d-\d\dT/);
      expect(report).to.equal(formatReport(summarize(sampleStatus(), { at: Date.parse(taken!), registration: 'registered', timeoutMs: 1200 })));
      expect(report).to.include('Connection: Registered (registered)');
      expect(report).to.include('listActivities      3       1        18      31.5');
      await waitUntil(() => announcement(el) === 'Diagnostics copied.', 'the copy is announced');
      expect(allByRole(el, 'textbox')).to.have.length(0);
    });

    it('when the browser refuses, selects the report in a labelled text box for Control+C', async () => {
      stubClipboard(() => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')));
      const { el } = await panel();
      await activate(el, byRole(el, 'button', 'Copy diagnostics'));
      await waitUntil(() => allByRole(el, 'textbox', 'Diagnostics report').length === 1, 'the report is offered');
      const area = byRole<HTMLTextAreaElement>(el, 'textbox', 'Diagnostics report');
      expect(area.readOnly).to.equal(true);
      expect(el.shadowRoot!.activeElement).to.equal(area);
      expect(area.value).to.match(/^Customer Context diagnostics\n/);
      expect([area.selectionStart, area.selectionEnd]).to.deep.equal([0, area.value.length]);
      await waitUntil(() => announcement(el).startsWith('Could not copy. The report is selected'), 'the refusal is announced');
      await expect(el).to.be.accessible();
    });

    it('falls back the same way where there is no clipboard at all', async () => {
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });
      const { el } = await panel();
      await activate(el, byRole(el, 'button', 'Copy diagnostics'));
      await waitUntil(() => allByRole(el, 'textbox', 'Diagnostics report').length === 1, 'the report is offered');
    });
  });

  describe('keyboard', () => {
    it('reaches Refresh then Copy diagnostics with Tab, in that order', async () => {
      stubClipboard(async () => undefined);
      const before = await fixture<HTMLButtonElement>(html`<button>before</button>`);
      const { el } = await panel();
      before.focus();
      await sendKeys({ press: 'Tab' });
      expect(normalise(el.shadowRoot!.activeElement?.textContent)).to.equal('Refresh');
      await sendKeys({ press: 'Tab' });
      expect(normalise(el.shadowRoot!.activeElement?.textContent)).to.equal('Copy diagnostics');
    });
  });

  describe('theme and language', () => {
    afterEach(async () => {
      document.documentElement.style.colorScheme = '';
      await setLocale('en');
    });

    it('takes light and dark from the tokens', async () => {
      const { el } = await panel();
      const base = el.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!;
      document.documentElement.style.colorScheme = 'light';
      const light = getComputedStyle(base).backgroundColor;
      document.documentElement.style.colorScheme = 'dark';
      const dark = getComputedStyle(base).backgroundColor;
      expect(light).to.equal('rgb(255, 255, 255)');
      expect(dark).to.equal('rgb(28, 27, 31)');
      await expect(el).to.be.accessible();
    });

    it('speaks French, with French numbers and the table’s headers', async () => {
      await setLocale('fr');
      const { el } = await panel();
      expect(byRole(el, 'region', 'Diagnostic')).to.exist;
      expect(fact(el, 'Connexion')).to.equal('Enregistré');
      expect(fact(el, 'Latence de la sonde')).to.equal('3,2 ms');
      expect(allByRole(el, 'columnheader').map((th) => normalise(th.textContent))).to.deep.equal(['Opération', 'Appels', 'Erreurs', 'p50 (ms)', 'p95 (ms)']);
      expect(byRole(el, 'button', 'Actualiser')).to.exist;
      expect(byRole(el, 'button', 'Copier le diagnostic')).to.exist;
    });
  });
});

function stubClipboard(writeText: (text: string) => Promise<void>): string[] {
  const copied: string[] = [];
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: {
      writeText: async (text: string) => {
        await writeText(text);
        copied.push(text);
      },
    },
  });
  return copied;
}
