import { expect } from '@open-wc/testing';
import { customerWithIdentities } from '../support/customer-with-identities.js';
import { customerLookupKeys, customerSchema, identityKey } from '../../src/model/index.js';

const customer = customerWithIdentities;

describe('identities', () => {
  it('compares emails and external ids case-folded, phones as E.164', () => {
    expect(identityKey({ kind: 'email', value: 'JORDAN.ellis@example.COM' })).to.equal(identityKey({ kind: 'email', value: 'jordan.ellis@example.com' }));
    expect(identityKey({ kind: 'externalId', value: 'CRM:4711' })).to.equal('externalId:crm:4711');
    expect(identityKey({ kind: 'phone', value: '+14085550142' })).to.equal('phone:+14085550142');
  });

  it('indexes the listed identities beside the base fields', () => {
    const keys = customerLookupKeys(customer);
    expect(keys).to.include.members(['phone:+14085550142', 'phone:+14085550199', 'email:jordan.ellis@example.com', 'externalId:crm:4711']);
  });

  it('keeps the customer schema strict and the list optional', () => {
    const { identities: _listed, ...without } = customer;
    expect(customerSchema.safeParse(without).success).to.equal(true);
    expect(customerSchema.safeParse(customer).success).to.equal(true);
    expect(customerSchema.safeParse({ ...customer, identities: [{ kind: 'fax', value: '1' }] }).success).to.equal(false);
    expect(customerSchema.safeParse({ ...customer, identities: [{ kind: 'phone', value: '+1', extra: 1 }] }).success).to.equal(false);
  });
});
