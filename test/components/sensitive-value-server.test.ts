import { expect, fixture, html } from '@open-wc/testing';
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
import { connect, startServer, stopServer, type TestServer } from '../server/http-support.js';
import { AUDIENCE, ISSUER, T0, basic, claimsFor, makeIssuer, signToken, startFinesse, stopFinesse, type TestIssuer } from '../server/auth-support.js';
import '../../stories/support/part-providers.js';

const LOCAL_TOKEN = 'local-operator-secret';
const DOB = '1988-06-14';
const NO_GRANT: SensitiveAccess = { canReveal: false };
const HOST_GRANT: SensitiveAccess = { canReveal: true, agent: { id: 'someone-else', name: 'Not the signed-in agent' } };

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
});
