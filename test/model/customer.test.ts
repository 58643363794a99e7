import { expect } from '@open-wc/testing';
import * as z from 'zod/mini';
import fc from 'fast-check';
import {
  InvalidInputError,
  customerDisplayName,
  customerEmails,
  customerInputSchema,
  customerName,
  customerPatchSchema,
  customerPhones,
  customerSchema,
  parseOrThrow,
  type Customer,
} from '../../src/model/index.js';

const JORDAN: Customer = {
  id: '3f2b8c1e-9d4a-4f6b-8a51-0c2d7e9f1a34',
  state: 'active',
  tags: ['vip', 'warranty'],
  contributors: [{ type: 'user', id: 'agent42', name: 'Sam Lee' }],
  fieldsets: ['cisco.base.customer'],
  dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis', Context_Mobile_Phone: '+14085550142' },
  created: '2024-03-10T09:30:00.000Z',
  lastUpdated: '2024-03-11T10:00:00.000Z',
  version: 2,
};

function issuesOf(schema: z.ZodMiniType, value: unknown): InvalidInputError {
  try {
    parseOrThrow(schema, value);
  } catch (error) {
    return error as InvalidInputError;
  }
  throw new Error('expected the value to be refused');
}

describe('customer', () => {
  describe('stored schema', () => {
    it('accepts a stored customer as it is', () => {
      expect(z.parse(customerSchema, JORDAN)).to.deep.equal(JORDAN);
    });

    it('refuses wrong types, naming each path', () => {
      const error = issuesOf(customerSchema, { ...JORDAN, version: '2', state: 'open', dataElements: { Context_First_Name: ['Jordan'] } });
      expect(error).to.be.instanceOf(InvalidInputError);
      expect(error.issueAt('version')).not.to.equal(undefined);
      expect(error.issueAt('state')).not.to.equal(undefined);
      expect(error.issueAt('dataElements.Context_First_Name')).not.to.equal(undefined);
    });

    it('refuses unknown properties, missing field sets and version 0', () => {
      expect(issuesOf(customerSchema, { ...JORDAN, nickname: 'JJ' }).issueAt('nickname')).not.to.equal(undefined);
      expect(issuesOf(customerSchema, { ...JORDAN, fieldsets: [] }).issueAt('fieldsets')?.message).to.equal('At least one field set');
      expect(issuesOf(customerSchema, { ...JORDAN, version: 0 }).issueAt('version')).not.to.equal(undefined);
      expect(issuesOf(customerSchema, { ...JORDAN, created: '10 March 2024' }).issueAt('created')).not.to.equal(undefined);
    });

    it('survives a JSON round trip unchanged', () => {
      const tag = fc.stringMatching(/^[a-z0-9][a-z0-9 -]{0,20}[a-z0-9]$/);
      const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString());
      const value = fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
        fc.boolean(),
      );
      const customer = fc.record({
        id: fc.uuid(),
        state: fc.constantFrom('active' as const, 'closed' as const),
        tags: fc.uniqueArray(tag, { maxLength: 5, selector: (t) => t.toLowerCase() }),
        contributors: fc.array(fc.record({ type: fc.constantFrom('user' as const, 'machine' as const), id: fc.stringMatching(/^[a-z0-9]{1,12}$/) }), { maxLength: 3 }),
        fieldsets: fc.constant(['cisco.base.customer']),
        dataElements: fc.dictionary(fc.constantFrom('Context_First_Name', 'Context_Last_Name', 'Context_City', 'Context_ZIP', 'acme_score'), value),
        created: instant,
        lastUpdated: instant,
        version: fc.integer({ min: 1, max: 1_000_000 }),
      });
      fc.assert(
        fc.property(customer, (stored) => {
          expect(z.parse(customerSchema, JSON.parse(JSON.stringify(stored)))).to.deep.equal(stored);
        }),
      );
    });
  });

  describe('input', () => {
    it('needs nothing but defaults empty data elements', () => {
      expect(z.parse(customerInputSchema, {})).to.deep.equal({ dataElements: {} });
    });

    it('normalises created and refuses properties the store owns', () => {
      expect(z.parse(customerInputSchema, { created: '2024-03-10T09:30:00-07:00' }).created).to.equal('2024-03-10T16:30:00.000Z');
      expect(issuesOf(customerInputSchema, { version: 3 }).issueAt('version')).not.to.equal(undefined);
      expect(issuesOf(customerInputSchema, { contributors: [] }).issueAt('contributors')).not.to.equal(undefined);
    });

    it('a patch names the version it read', () => {
      expect(issuesOf(customerPatchSchema, { dataElements: {} }).issueAt('expectedVersion')?.message).to.equal('Required');
      expect(z.parse(customerPatchSchema, { expectedVersion: 3, dataElements: { Context_City: null } })).to.deep.equal({
        expectedVersion: 3,
        dataElements: { Context_City: null },
      });
    });
  });

  describe('display', () => {
    it('shows the name, else an email, else a phone, else "Unknown customer"', () => {
      expect(customerDisplayName({ dataElements: { Context_First_Name: 'Jordan', Context_Last_Name: 'Ellis', Context_Work_Email: 'j@x.io' } })).to.equal('Jordan Ellis');
      expect(customerDisplayName({ dataElements: { Context_Last_Name: 'Ellis' } })).to.equal('Ellis');
      expect(customerDisplayName({ dataElements: { Context_Home_Email: 'jordan@example.com', Context_Mobile_Phone: '+14085550142' } })).to.equal(
        'jordan@example.com',
      );
      expect(customerDisplayName({ dataElements: { Context_Work_Phone: '+14085550142', Context_City: 'San Jose' } })).to.equal('+14085550142');
      expect(customerDisplayName({ dataElements: {} })).to.equal('Unknown customer');
      expect(customerDisplayName({ dataElements: { Context_First_Name: '', Context_Last_Name: 7 } })).to.equal('Unknown customer');
    });

    it('lists phones and emails in field order', () => {
      const customer = {
        dataElements: { Context_Work_Phone: '+3', Context_Mobile_Phone: '+1', Context_Home_Email: 'h@x.io', Context_Work_Email: 'w@x.io' },
      };
      expect(customerPhones(customer)).to.deep.equal(['+1', '+3']);
      expect(customerEmails(customer)).to.deep.equal(['w@x.io', 'h@x.io']);
      expect(customerName(customer)).to.equal(undefined);
    });
  });
});
