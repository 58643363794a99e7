import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { Activity, Customer, Request } from '../../src/model/index.js';
import { serverEnv } from './http-support.js';
import { JORDAN, MORGAN, MORGAN_DOB, morganOnAServer, ok, type ErasureAnswer } from './erasure-support.js';

/** What would give Morgan away, searched for in every row of every table (case-insensitively). */
const MORGAN_TRACES = [MORGAN, 'Morgan', '+16505550199', '6505550199', '555-0199', '555 0199', 'morgan.ellis@example.org', MORGAN_DOB];

function erasureSuite(name: string, postgres: boolean): void {
  describe(`erasure of one customer (${name})`, function () {
    const fixture = morganOnAServer(postgres);
    const call = fixture.call;

    async function jordanAsAgent() {
      return {
        customer: await ok<Customer>(await call('agent', 'GET', `/v1/customers/${JORDAN}`)),
        requests: await ok<{ requests: Request[] }>(await call('agent', 'GET', `/v1/customers/${JORDAN}/requests`)),
        activities: await ok<{ activities: Activity[] }>(await call('agent', 'GET', `/v1/customers/${JORDAN}/activities?pageSize=100`)),
        changes: await ok<{ changes: { seq: number }[] }>(await call('agent', 'GET', `/v1/changes?customerId=${JORDAN}&limit=1000`)),
      };
    }

    it('erases Morgan Ellis: nothing of theirs is left in any table, one audit record says what went, and Jordan is untouched', async () => {
      const jordanBefore = await jordanAsAgent();
      const feedBefore = await ok<{ changes: { seq: number }[]; head: number }>(await call('admin', 'GET', '/v1/changes?limit=1000'));

      const erased = await ok<ErasureAnswer>(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, {}), 201);
      expect(erased).to.include({ customerId: MORGAN, erasedBy: 'ada', alreadyErased: false });
      expect(erased.removed).to.deep.equal({ customers: 1, identities: erased.removed['identities'], requests: 1, activities: 3, ingestedEvents: 3, storedAnswers: erased.removed['storedAnswers'], changes: 4 });
      expect(erased.removed['identities']).to.be.greaterThan(2);
      expect(erased.removed['storedAnswers']).to.be.greaterThan(3);

      const { seesAll, tables } = (await executeServerCommand('cc-server', { action: 'table-rows', id: fixture.server.id })) as { seesAll: boolean; tables: Record<string, string[]> };
      // The scan reads past row-level security, and it reads the tables that held Morgan (a scan that sees nothing proves nothing).
      expect(seesAll).to.equal(true);
      expect(Object.keys(tables)).to.include.members(['customers', 'customer_keys', 'activities', 'requests', 'changes', 'idempotency', 'ingested_events', 'erasures']);
      expect(tables['customers']!.some((row) => row.includes(JORDAN))).to.equal(true);
      expect(tables['ingested_events']!.some((row) => row.includes('sms-stranger'))).to.equal(true);
      const leaks = Object.entries(tables).flatMap(([table, rows]) =>
        rows.filter((row) => MORGAN_TRACES.some((trace) => row.toLowerCase().includes(trace.toLowerCase()))).map((row) => `${table}: ${row.slice(0, 200)}`),
      );
      expect(leaks).to.deep.equal([]);
      expect(tables['erasures']).to.have.length(1);
      expect(tables['erasures']![0]).to.include(erased.id).and.to.include(erased.customerDigest);

      // Jordan: the same customer, requests, journey and change feed as before.
      expect(await jordanAsAgent()).to.deep.equal(jordanBefore);
      // The feed keeps its numbers (tombstones, not holes), and none of them names Morgan.
      const feedAfter = await ok<{ changes: { seq: number; customerId: string; activityId: string; kind: string; activity?: unknown }[]; head: number }>(
        await call('admin', 'GET', '/v1/changes?limit=1000'),
      );
      expect(feedAfter.changes.map((change) => change.seq)).to.deep.equal(feedBefore.changes.map((change) => change.seq));
      expect(feedAfter.head).to.equal(feedBefore.head);
      const tombstones = feedAfter.changes.filter((change) => change.customerId === erased.id);
      expect(tombstones).to.have.length(4);
      expect(tombstones.every((change) => change.kind === 'deleted' && change.activityId === erased.id && change.activity === undefined)).to.equal(true);

      // Morgan is gone from every route; the one audit record answers for them.
      await ok(await call('admin', 'GET', `/v1/customers/${MORGAN}`), 404);
      await ok(await call('admin', 'GET', `/v1/customers/${MORGAN}/export`), 404);
      expect((await ok<{ matches: unknown[] }>(await call('admin', 'GET', '/v1/customers?q=%2B16505550199'))).matches).to.deep.equal([]);
      const unmatched = await ok<{ events: { event: { id: string } }[] }>(await call('admin', 'GET', '/v1/cloudevents/unmatched'));
      expect(unmatched.events.map((entry) => entry.event.id)).to.deep.equal(['sms-stranger']);
      const listed = await ok<{ erasures: ErasureAnswer[] }>(await call('admin', 'GET', '/v1/erasures'));
      expect(listed.erasures).to.deep.equal([{ id: erased.id, customerDigest: erased.customerDigest, erasedBy: 'ada', erasedAt: erased.erasedAt, removed: erased.removed }]);
      expect((await ok<{ erasures: unknown[] }>(await call('admin', 'GET', `/v1/erasures?customerId=${MORGAN}`))).erasures).to.have.length(1);
      expect((await ok<{ erasures: unknown[] }>(await call('admin', 'GET', `/v1/erasures?customerId=${JORDAN}`))).erasures).to.have.length(0);
    });

    it('answers a repeated erasure with the record of the first, and an id never stored with not-found', async () => {
      const first = await ok<ErasureAnswer>(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, {}), 201);
      const again = await ok<ErasureAnswer>(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, {}), 200);
      expect(again).to.deep.equal({ ...first, alreadyErased: true });
      expect((await ok<{ erasures: unknown[] }>(await call('admin', 'GET', '/v1/erasures'))).erasures).to.have.length(1);
      // The record cannot be changed or removed by the server's own requests, even by a query gone astray.
      const tampered = (await executeServerCommand('cc-server', { action: 'tamper-erasures', id: fixture.server.id, tenant: 'cumulus' })) as { update: string; delete: string };
      expect(tampered.update).to.match(/permission denied/);
      expect(tampered.delete).to.match(/permission denied/);
      expect((await ok<{ erasures: ErasureAnswer[] }>(await call('admin', 'GET', '/v1/erasures'))).erasures[0]!.erasedBy).to.equal('ada');
      const problem = await ok<{ code: string }>(await call('admin', 'POST', '/v1/customers/nobody-here/erase', {}), 404);
      expect(problem.code).to.equal('not-found');
    });

    it('refuses a body with options, and a body that is not JSON', async () => {
      expect((await ok<{ code: string }>(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, { cascade: false }), 422)).code).to.equal('invalid-input');
      await ok(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, '{"cascade":', { 'Content-Type': 'application/json' }), 400);
      await ok(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, 'erase', { 'Content-Type': 'text/plain' }), 415);
      await ok(await call('admin', 'GET', `/v1/customers/${MORGAN}/export?format=csv`), 400);
      await ok(await call('admin', 'GET', '/v1/erasures?limit=0'), 400);
      // Nothing was erased by any of them.
      await ok(await call('admin', 'GET', `/v1/customers/${MORGAN}`), 200);
    });

    it('lets only an admin erase, export or list erasures', async () => {
      for (const who of ['agent', 'supervisor', 'ingest'] as const) {
        for (const [method, path] of [
          ['POST', `/v1/customers/${MORGAN}/erase`],
          ['GET', `/v1/customers/${MORGAN}/export`],
          ['GET', `/v1/customers/${MORGAN}/export?format=cloudevents`],
          ['GET', '/v1/erasures'],
        ] as const) {
          const problem = await ok<{ code: string }>(await call(who, method, path, method === 'POST' ? {} : undefined), 403);
          expect(problem.code, `${who} ${method} ${path}`).to.equal('forbidden');
        }
      }
      await ok(await call('agent', 'GET', `/v1/customers/${MORGAN}`), 200);
      expect(await fetch(`${fixture.server.url}/v1/customers/${MORGAN}/erase`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then((response) => response.status)).to.equal(401);
    });

    it('erases in the partition it is asked in: a lab copy of Morgan outlives the production erasure, and goes with its own', async () => {
      const LAB = { 'Context-Lab-Mode': 'true' };
      await ok(await call('admin', 'POST', '/v1/customers', { id: MORGAN, dataElements: { Context_First_Name: 'Morgan', Context_Mobile_Phone: '+16505550199' } }, LAB), 201);
      await ok(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, {}), 201);
      expect((await ok<Customer>(await call('admin', 'GET', `/v1/customers/${MORGAN}`, undefined, LAB))).dataElements['Context_First_Name']).to.equal('Morgan');
      expect((await ok<{ erasures: unknown[] }>(await call('admin', 'GET', '/v1/erasures', undefined, LAB))).erasures).to.deep.equal([]);
      const lab = await ok<ErasureAnswer>(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, {}, LAB), 201);
      expect(lab.removed).to.deep.include({ customers: 1, activities: 0, requests: 0 });
      await ok(await call('admin', 'GET', `/v1/customers/${MORGAN}`, undefined, LAB), 404);
      expect((await ok<{ erasures: unknown[] }>(await call('admin', 'GET', '/v1/erasures'))).erasures).to.have.length(1);
    });

    it('keeps tenants apart: another tenant’s admin can neither erase nor export Morgan, nor see the erasure', async () => {
      await ok(await call('otherAdmin', 'POST', `/v1/customers/${MORGAN}/erase`, {}), 404);
      await ok(await call('otherAdmin', 'GET', `/v1/customers/${MORGAN}/export`), 404);
      await ok(await call('otherAdmin', 'GET', `/v1/customers/${MORGAN}/export?format=cloudevents`), 404);
      await ok(await call('admin', 'GET', `/v1/customers/${MORGAN}`), 200);
      await ok(await call('admin', 'POST', `/v1/customers/${MORGAN}/erase`, {}), 201);
      expect((await ok<{ erasures: unknown[] }>(await call('otherAdmin', 'GET', '/v1/erasures'))).erasures).to.deep.equal([]);
      // Tenant B's own customer of the same id is B's to erase; A's erasure record does not answer for it.
      await ok(await call('otherAdmin', 'POST', '/v1/customers', { id: MORGAN, dataElements: { Context_First_Name: 'Other' } }), 201);
      const theirs = await ok<ErasureAnswer>(await call('otherAdmin', 'POST', `/v1/customers/${MORGAN}/erase`, {}), 201);
      expect(theirs.erasedBy).to.equal('bo');
    });
  });
}

erasureSuite('PGlite', false);
const { postgres } = await serverEnv();
if (postgres) erasureSuite('PostgreSQL (DATABASE_URL)', true);
