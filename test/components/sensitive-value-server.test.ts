import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { waitUntil } from '../support/wait.js';
import { sensitiveFieldGuard } from '../../src/backend/adapter.js';
import type { HttpBackend } from '../../src/backend/http-adapter.js';
import '../../src/components/backend-provider/backend-provider.js';
import type { CcBackendProvider } from '../../src/components/backend-provider/backend-provider.js';
import '../../src/components/sensitive-value/sensitive-value.js';
import type { CcSensitiveValue } from '../../src/components/sensitive-value/sensitive-value.js';
import type { SensitiveAccess } from '../../src/contexts/sensitive-access-context.js';
import { DEMO_FIELD_SETS } from '../../src/demo/field-sets.js';
import { ContextError, MASK, REVEAL_AUDIT_TAG } from '../../src/model/index.js';
import { BuiltInStore } from '../../src/backend/idb-store.js';
import { Outbox } from '../../src/backend/outbox.js';
import { cacheNameFor } from '../../src/backend/shared-backend.js';
import { connect, startServer, stopServer, type TestServer } from '../server/http-support.js';
import { AUDIENCE, ISSUER, T0, basic, claimsFor, makeIssuer, signToken, startFinesse, stopFinesse, type TestIssuer } from '../server/auth-support.js';
import '../../stories/support/part-providers.js';
import '../../src/components/customer-context/customer-context.js';
import type { CcCustomerContext } from '../../src/components/customer-context/customer-context.js';
import { allByRole, byRole, queryByRole } from '../support/roles.js';

const LOCAL_TOKEN = 'local-operator-secret';
const DOB = '1988-06-14';
const NO_GRANT: SensitiveAccess = { canReveal: false };
const HOST_GRANT: SensitiveAccess = { canReveal: true, agent: { id: 'someone-else', name: 'Not the signed-in agent' } };

/** The text of a node and of every shadow root under it. */
function deepText(node: Node): string {
  const own = node instanceof Element && node.shadowRoot ? deepText(node.shadowRoot) : '';
  const children = [...node.childNodes].map((child) => (child.nodeType === Node.TEXT_NODE ? child.textContent ?? '' : deepText(child)));
  return own + children.join(' ');
}

describe('cc-sensitive-value on a shared backend', function () {
  let issuer: TestIssuer;
  let finesse: { id: string; url: string };
  let server: TestServer;
  const backends: HttpBackend[] = [];

  before(async () => {
    issuer = await makeIssuer('ES256', 'shared-es');
    finesse = await startFinesse([{ id: '1001', password: 'agent-pw', firstName: 'Alex', lastName: 'Agent', roles: ['Agent'] }]);
  });

  after(async () => {
    await stopFinesse(finesse.id);
  });

  beforeEach(async () => {
    server = await startServer({
      clockAt: T0,
      fieldSets: DEMO_FIELD_SETS,
      auth: {
        jwt: { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [issuer.jwk] }, claims: { tenant: 'tid', roles: 'realm_access.roles' } },
        finesse: { baseUrl: finesse.url, tenant: 'cumulus' },
        token: LOCAL_TOKEN,
        tokenTenant: 'cumulus',
      },
    });
    const local = await backendAs(LOCAL_TOKEN);
    await local.createCustomer({
      id: 'c-1',
      fieldsets: ['cisco.base.customer', 'cumulus.rider'],
      dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis', Date_Of_Birth: DOB },
    });
  });

  afterEach(async () => {
    for (const backend of backends.splice(0)) backend.close();
    await stopServer(server);
  });

  async function backendAs(token: string): Promise<HttpBackend> {
    const backend = await connect(server, {}, { token: () => token });
    backends.push(backend);
    return backend;
  }

  async function agent(): Promise<HttpBackend> {
    return backendAs(await signToken(issuer, claimsFor(['agent'], 'cumulus', 'Alex Agent'), { sub: 'alex' }));
  }

  async function supervisor(): Promise<HttpBackend> {
    return backendAs(await signToken(issuer, claimsFor(['supervisor', 'agent'], 'cumulus', 'Sam Supervisor'), { sub: 'sam' }));
  }

  async function renderValue(backend: HttpBackend, access: SensitiveAccess): Promise<CcSensitiveValue> {
    const customer = await backend.getCustomer('c-1');
    const provider = await fixture<CcBackendProvider>(html`<cc-backend-provider .backend=${backend}>
      <cc-part-providers .access=${access}>
        <cc-sensitive-value .value=${String(customer.dataElements['Date_Of_Birth'])} label="Date of birth" field-id="Date_Of_Birth" customer-id="c-1"></cc-sensitive-value>
      </cc-part-providers>
    </cc-backend-provider>`);
    const element = provider.querySelector('cc-sensitive-value')!;
    await element.updateComplete;
    return element;
  }

  const shown = (element: CcSensitiveValue) => element.shadowRoot!.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const revealButton = (element: CcSensitiveValue) =>
    [...element.shadowRoot!.querySelectorAll('button')].find((candidate) => candidate.getAttribute('aria-label') === 'Reveal Date of birth');

  describe('the HTTP adapter', () => {
    it('reads sensitive values masked, and reveals one only for a role the server allows', async () => {
      const asAgent = await agent();
      expect((await asAgent.getCustomer('c-1')).dataElements['Date_Of_Birth']).to.equal(MASK);
      expect(await asAgent.identity()).to.deep.equal({ id: 'alex', name: 'Alex Agent', roles: ['agent'], canReveal: false });
      const refused = await asAgent.revealField('c-1', 'Date_Of_Birth').then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).to.be.instanceOf(ContextError);
      expect((refused as ContextError).code).to.equal('forbidden');

      const asSupervisor = await supervisor();
      expect((await asSupervisor.identity()).canReveal).to.equal(true);
      const revealed = await asSupervisor.revealField('c-1', 'Date_Of_Birth');
      expect(revealed.value).to.equal(DOB);
      const audit = await asSupervisor.getActivity(revealed.auditActivityId);
      expect(audit.tags).to.include(REVEAL_AUDIT_TAG);
    });

    it('answers who the caller is to every element, whichever of them stops waiting', async () => {
      const asSupervisor = await supervisor();
      const first = new AbortController();
      const gaveUp = asSupervisor.identity({ signal: first.signal });
      const waited = asSupervisor.identity();
      first.abort();
      expect(await gaveUp.then(() => 'answered', (error: unknown) => (error as ContextError).code)).to.equal('aborted');
      expect((await waited).canReveal).to.equal(true);
    });

    it('sends a Finesse agent’s own credentials as they are given', async () => {
      const asFinesseAgent = await connect(server, {}, { authorization: basic('1001', 'agent-pw').Authorization });
      backends.push(asFinesseAgent);
      expect(await asFinesseAgent.identity()).to.deep.equal({ id: '1001', name: 'Alex Agent', roles: ['agent'], canReveal: false });
      expect((await asFinesseAgent.getCustomer('c-1')).dataElements['Date_Of_Birth']).to.equal(MASK);
    });
  });

  describe('the element', () => {
    it('offers the reveal as the server decides, whatever the host grants', async () => {
      const agentBackend = await agent();
      const asAgent = await renderValue(agentBackend, HOST_GRANT);
      // The element's verdict is this same answer (the adapter asks once): once it is in and
      // every continuation has run, the element has rendered it.
      expect((await sensitiveFieldGuard(agentBackend)!.identity()).canReveal).to.equal(false);
      await new Promise((resolve) => setTimeout(resolve, 0));
      await asAgent.updateComplete;
      expect(shown(asAgent)).to.contain(MASK);
      expect(revealButton(asAgent)).to.equal(undefined);

      const asSupervisor = await renderValue(await supervisor(), NO_GRANT);
      await waitUntil(() => revealButton(asSupervisor) !== undefined, 'the server lets a supervisor reveal');
    });

    it('shows the value the server answers, once the server has recorded the reveal', async () => {
      const backend = await supervisor();
      const element = await renderValue(backend, NO_GRANT);
      expect(shown(element)).not.to.contain(DOB);
      await waitUntil(() => revealButton(element) !== undefined, 'the reveal is offered');
      revealButton(element)!.click();
      await waitUntil(() => shown(element).includes(DOB), 'the revealed value is shown');
      const journey = await backend.listActivities('c-1');
      const audits = journey.activities.filter((activity) => activity.tags.includes(REVEAL_AUDIT_TAG));
      expect(audits).to.have.length(1);
      expect(audits[0]!.contributors.map((contributor) => contributor.id)).to.deep.equal(['sam']);
    });

    it('says so when the server refuses the reveal, and keeps the value hidden', async () => {
      const backend = await agent();
      // A stale verdict (a role taken away since): the server still refuses.
      Object.assign(backend, { identity: async () => ({ id: 'alex', name: 'Alex Agent', roles: ['agent'], canReveal: true }) });
      const element = await renderValue(backend, NO_GRANT);
      await waitUntil(() => revealButton(element) !== undefined, 'the reveal is offered');
      revealButton(element)!.click();
      await waitUntil(() => element.shadowRoot!.querySelector('[part="error"]') !== null, 'the refusal is shown');
      expect(element.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain('Your role does not allow revealing this field');
      expect(shown(element)).not.to.contain(DOB);
      expect(shown(element)).to.contain(MASK);
    });
  });

  describe('two gadgets on one server, an agent and a supervisor', () => {
    // Both gadgets on screen at once, side by side: a journey renders the rows in view.
    before(() => setViewport({ width: 1600, height: 1200 }));
    after(() => setViewport({ width: 800, height: 600 }));
    /** Every text a person could read in the gadget, through its parts' shadow roots. */
    /** The agent's gadget and the supervisor's, side by side as in two windows. */
    async function gadgetsOf(agentBackend: HttpBackend, supervisorBackend: HttpBackend): Promise<CcCustomerContext[]> {
      const pair = await fixture<HTMLElement>(html`<div style="display: flex; gap: 16px">
        ${[agentBackend, supervisorBackend].map(
          (backend) =>
            html`<cc-customer-context style="flex: 1" timeout="15000" customer-id="c-1" .backend=${backend} .fieldSets=${DEMO_FIELD_SETS}></cc-customer-context>`,
        )}
      </div>`);
      const gadgets = [...pair.querySelectorAll<CcCustomerContext>('cc-customer-context')];
      for (const gadget of gadgets) {
        await waitUntil(() => deepText(gadget).includes('Date of birth') && deepText(gadget).includes(MASK), 'the customer is shown, the date of birth masked');
      }
      return gadgets;
    }

    const revealRows = (gadget: CcCustomerContext) => allByRole(gadget, 'button').filter((button) => button.textContent?.includes('Sensitive field revealed: Date of birth'));

    it('masks the date of birth for both; the supervisor reveals it, and the reveal reaches both journeys', async () => {
      const [asAgent, asSupervisor] = (await gadgetsOf(await agent(), await supervisor())) as [CcCustomerContext, CcCustomerContext];
      await waitUntil(() => queryByRole(asSupervisor, 'button', 'Reveal Date of birth') !== undefined, 'the supervisor is offered the reveal');
      // The agent's verdict came from the same server: no reveal, the mask only.
      await sensitiveFieldGuard(asAgent.backend as HttpBackend)!.identity();
      await asAgent.updateComplete;
      expect(queryByRole(asAgent, 'button', 'Reveal Date of birth')).to.equal(undefined);
      expect(deepText(asAgent)).not.to.contain(DOB);
      // The mask is what the server sends, not a wrong value of the field.
      expect(deepText(asAgent)).not.to.contain('Does not match its field');

      byRole(asSupervisor, 'button', 'Reveal Date of birth').click();
      await waitUntil(() => revealRows(asSupervisor).length === 1, "the reveal in the supervisor's journey");
      await waitUntil(() => revealRows(asAgent).length === 1, "the reveal in the agent's journey, live");
      expect(queryByRole(asAgent, 'button', 'Reveal Date of birth')).to.equal(undefined);
      expect(deepText(asAgent)).not.to.contain(DOB);
      await waitUntil(() => deepText(asSupervisor).includes(DOB), 'the revealed value');
      expect(deepText(asSupervisor)).not.to.contain('Does not match its field');
    });
  });

  describe('a gadget given its credentials after it opened the shared backend', () => {
    const databases: string[] = [];
    after(async () => {
      for (const name of databases) await Promise.all([BuiltInStore.deleteDatabase(name), Outbox.deleteDatabase(`${name}-outbox`)]);
    });

    it('sends the credentials the host sets later, and the ones it renews', async () => {
      const name = `cc-test-late-credentials-${crypto.randomUUID()}`;
      databases.push(cacheNameFor(server.url, name));
      const gadget = await fixture<CcCustomerContext>(
        html`<cc-customer-context timeout="15000" database-name=${name} backend-url=${server.url} .fieldSets=${DEMO_FIELD_SETS}></cc-customer-context>`,
      );
      await waitUntil(() => queryByRole(gadget, 'combobox', 'Search customers') !== undefined, 'the search field');
      // The Finesse bridge loads after the gadget and sets what to send then.
      let credentials = await signToken(issuer, claimsFor(['agent'], 'cumulus', 'Alex Agent'), { sub: 'alex' });
      gadget.backendToken = () => credentials;
      await gadget.openCustomer('c-1');
      await waitUntil(() => deepText(gadget).includes('Jordan'), `the customer, read with the credentials set late (shown: ${deepText(gadget).slice(0, 200)})`);
      // Asked before each request: a token that no longer signs in is refused, the renewed one is taken.
      credentials = 'expired-or-garbled';
      // The error state says why, and Retry with the renewed credentials brings the customer back.
      const refused = 'The context store did not accept your sign-in';
      expect(await gadget.refresh(), 'refresh with credentials the server refuses').to.equal(false);
      await waitUntil(() => deepText(gadget).includes(refused), 'the refusal of a token the server does not take');
      credentials = await signToken(issuer, claimsFor(['supervisor', 'agent'], 'cumulus', 'Sam Supervisor'), { sub: 'sam' });
      byRole(gadget, 'button', 'Retry').click();
      await waitUntil(() => !deepText(gadget).includes(refused) && deepText(gadget).includes('Jordan'), 'the customer again, read with the renewed token');
    });
  });
});
