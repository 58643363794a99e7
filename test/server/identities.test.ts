import { expect } from '@open-wc/testing';
import { runContractCase } from '../../src/backend/contract.js';
import { MERGE_CASES } from '../../src/backend/contract/merges.js';
import { customerMerging } from '../../src/backend/adapter.js';
import { MERGE_TAG } from '../../src/backend/merges/identities.js';
import { AUDIENCE, ISSUER, T0, bearer, claimsFor, makeIssuer, signToken, signedIn, type TestIssuer } from './auth-support.js';
import { connect, serverContractSubject, serverEnv, startServer, stopServer, type TestServer } from './http-support.js';

type Who = 'agent' | 'supervisor' | 'admin' | 'otherSupervisor';

interface Customer {
  id: string;
  version: number;
  identities?: { kind: string; value: string }[];
}

const { postgres } = await serverEnv();

describe('server identities and merges', function () {
  describe('contract over HTTP', () => {
    const subjects = [serverContractSubject('PGlite, signed in', () => signedIn.serverOptions(), () => signedIn.adminToken())];
    if (postgres) subjects.push(serverContractSubject('PostgreSQL (DATABASE_URL), signed in', () => signedIn.serverOptions({ postgres: true }), () => signedIn.adminToken()));
    for (const subject of subjects) {
      for (const contractCase of MERGE_CASES) {
        it(`${subject.name}: ${contractCase.group}: ${contractCase.name}`, async function () {
          this.timeout(60_000);
          await runContractCase(subject, contractCase);
        });
      }
    }

    it('the HTTP adapter has the capability, so that the cases above run rather than pass at once', async () => {
      const server = await startServer();
      const backend = await connect(server);
      try {
        expect(customerMerging(backend)).to.not.equal(undefined);
      } finally {
        backend.close();
        await stopServer(server);
      }
    });
  });

  describe('roles and tenants', () => {
    let issuer: TestIssuer;
    let server: TestServer;
    const headers = {} as Record<Who, Record<string, string>>;

    before(async () => {
      issuer = await makeIssuer('ES256', 'identities-es');
    });

    async function call(who: Who, method: string, path: string, body?: unknown): Promise<Response> {
      return fetch(`${server.url}${path}`, {
        method,
        headers: { ...headers[who], ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    }

    async function ok<T>(response: Response, status = 200): Promise<T> {
      const text = await response.text();
      expect(response.status, text).to.equal(status);
      return (text ? JSON.parse(text) : undefined) as T;
    }

    async function create(who: Who, id: string, dataElements: Record<string, string>): Promise<void> {
      await ok(await call(who, 'POST', '/v1/customers', { id, dataElements }), 201);
    }

    beforeEach(async () => {
      server = await startServer({
        clockAt: T0,
        ...(postgres ? { postgres: true } : {}),
        auth: { jwt: { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [issuer.jwk] }, claims: { tenant: 'tid', roles: 'realm_access.roles' } } },
      });
      headers.agent = bearer(await signToken(issuer, claimsFor(['agent'], 'cumulus', 'Alex Agent'), { sub: 'alex' }));
      headers.supervisor = bearer(await signToken(issuer, claimsFor(['supervisor', 'agent'], 'cumulus', 'Sam Supervisor'), { sub: 'sam' }));
      headers.admin = bearer(await signToken(issuer, claimsFor(['admin'], 'cumulus', 'Ada Admin'), { sub: 'ada' }));
      headers.otherSupervisor = bearer(await signToken(issuer, claimsFor(['supervisor', 'agent'], 'northwind', 'Nia Other'), { sub: 'nia' }));
      await create('agent', 'jordan', { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis', Context_Mobile_Phone: '+14085550142' });
      await create('agent', 'j-ellis', { Context_First_Name: 'J.', Context_Last_Name: 'Ellis', Context_Home_Email: 'jellis@example.net' });
      await ok(await call('agent', 'POST', '/v1/activities', { id: 'a-1', customerId: 'j-ellis', title: 'Called about the brakes' }), 201);
    });

    afterEach(async () => {
      await stopServer(server);
    });

    it('an agent adds and removes identities, and may not merge (403, nothing moves)', async () => {
      const added = await ok<Customer>(await call('agent', 'POST', '/v1/customers/jordan/identities', { expectedVersion: 1, kind: 'externalId', value: 'crm:4711/b' }));
      expect(added.identities).to.deep.equal([{ kind: 'externalId', value: 'crm:4711/b' }]);
      const removed = await ok<Customer>(await call('agent', 'DELETE', `/v1/customers/jordan/identities/${encodeURIComponent('externalId:CRM:4711/b')}?expectedVersion=2`));
      expect(removed.version).to.equal(3);
      expect(removed.identities).to.equal(undefined);
      const refused = await call('agent', 'POST', '/v1/customers/jordan/merge', { mergedId: 'j-ellis', keptVersion: 3, mergedVersion: 1 });
      expect(refused.status).to.equal(403);
      expect(((await refused.json()) as { code: string }).code).to.equal('forbidden');
      expect((await ok<{ customerId: string }>(await call('agent', 'GET', '/v1/activities/a-1'))).customerId).to.equal('j-ellis');
    });

    it('an admin without the supervisor role may not merge either', async () => {
      expect((await call('admin', 'POST', '/v1/customers/jordan/merge', { mergedId: 'j-ellis', keptVersion: 1, mergedVersion: 1 })).status).to.equal(403);
    });

    it('a supervisor merges: the merged id answers the kept customer, and the journey names the supervisor', async () => {
      const kept = await ok<Customer>(await call('supervisor', 'POST', '/v1/customers/jordan/merge', { mergedId: 'j-ellis', keptVersion: 1, mergedVersion: 1 }));
      expect(kept.identities).to.deep.equal([{ kind: 'email', value: 'jellis@example.net' }]);
      expect((await ok<Customer>(await call('agent', 'GET', '/v1/customers/j-ellis'))).id).to.equal('jordan');
      const { activities } = await ok<{ activities: { id: string; tags: string[]; message?: string; contributors: { id: string }[] }[] }>(
        await call('agent', 'GET', '/v1/customers/jordan/activities'),
      );
      expect(activities.map((activity) => activity.id)).to.include('a-1');
      const record = activities.find((activity) => activity.tags.includes(MERGE_TAG))!;
      expect(record.message).to.contain('Sam Supervisor').and.contain('j-ellis');
      expect(record.contributors.map((contributor) => contributor.id)).to.deep.equal(['sam']);
    });

    it('a merge body is parsed strictly', async () => {
      const response = await call('supervisor', 'POST', '/v1/customers/jordan/merge', { mergedId: 'j-ellis', keptVersion: 1, mergedVersion: 1, mergedBy: 'someone else' });
      expect(response.status).to.equal(422);
      const problem = (await response.json()) as { issues: { path: string }[] };
      expect(problem.issues.map((issue) => issue.path)).to.include('mergedBy');
    });

    it('keeps tenants apart: a merge across tenants finds no customer, and changes neither', async () => {
      await create('otherSupervisor', 'nw-1', { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis', Context_Mobile_Phone: '+14085550142' });
      const across = await call('supervisor', 'POST', '/v1/customers/jordan/merge', { mergedId: 'nw-1', keptVersion: 1, mergedVersion: 1 });
      expect(across.status).to.equal(404);
      const back = await call('otherSupervisor', 'POST', '/v1/customers/nw-1/merge', { mergedId: 'j-ellis', keptVersion: 1, mergedVersion: 1 });
      expect(back.status).to.equal(404);
      expect((await ok<Customer>(await call('otherSupervisor', 'GET', '/v1/customers/nw-1'))).version).to.equal(1);
      expect((await ok<Customer>(await call('agent', 'GET', '/v1/customers/j-ellis'))).id).to.equal('j-ellis');
      // The same phone in another tenant is no conflict: identities are the tenant's own.
      await ok(await call('otherSupervisor', 'POST', '/v1/customers/nw-1/identities', { expectedVersion: 1, kind: 'email', value: 'jellis@example.net' }));
      await ok(await call('supervisor', 'POST', '/v1/customers/jordan/merge', { mergedId: 'j-ellis', keptVersion: 1, mergedVersion: 1 }));
      expect((await call('otherSupervisor', 'GET', '/v1/customers/j-ellis')).status).to.equal(404);
    });

    it('erasing the kept customer erases what was merged into it, and the merged id leads nowhere', async () => {
      headers.admin = bearer(await signToken(issuer, claimsFor(['admin', 'supervisor'], 'cumulus', 'Ada Admin'), { sub: 'ada' }));
      await ok(await call('supervisor', 'POST', '/v1/customers/jordan/merge', { mergedId: 'j-ellis', keptVersion: 1, mergedVersion: 1 }));
      await ok(await call('admin', 'POST', '/v1/customers/jordan/erase', {}), 201);
      expect((await call('agent', 'GET', '/v1/customers/j-ellis')).status).to.equal(404);
      expect((await call('agent', 'GET', '/v1/activities/a-1')).status).to.equal(404);
      expect((await ok<{ matches: unknown[] }>(await call('agent', 'GET', '/v1/customers?q=jellis%40example.net'))).matches).to.deep.equal([]);
      expect((await ok<{ matches: unknown[] }>(await call('agent', 'GET', '/v1/customers?q=j-ellis'))).matches).to.deep.equal([]);
    });
  });
});
