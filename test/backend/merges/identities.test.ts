import { expect } from '@open-wc/testing';
import { InvalidInputError, activityInputSchema, loadPhoneNormaliser } from '../../../src/model/index.js';
import { customerWithIdentities } from '../../support/customer-with-identities.js';
import { MERGE_TAG, identitiesOf, identityField, listsIdentity, mergeAuditActivity, mergedIdOf, readIdentity } from '../../../src/backend/merges/identities.js';

const customer = customerWithIdentities;

function issuePath(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidInputError);
    return (error as InvalidInputError).issues[0]?.path;
  }
  return undefined;
}

describe('identity changes and merge records', () => {
  it('reads a phone as E.164 and refuses what is no number, naming the value', async () => {
    const phone = await loadPhoneNormaliser('US');
    expect(readIdentity('phone', ' (408) 555-0177 ', phone)).to.deep.equal({ kind: 'phone', value: '+14085550177' });
    expect(issuePath(() => readIdentity('phone', '12', phone))).to.equal('value');
    expect(issuePath(() => readIdentity('email', 'not-an-email', phone))).to.equal('value');
    expect(issuePath(() => readIdentity('externalId', '   ', phone))).to.equal('value');
    expect(readIdentity('email', ' j@example.com ', phone)).to.deep.equal({ kind: 'email', value: 'j@example.com' });
  });

  it('lists the base fields first, then the listed identities', () => {
    expect(identitiesOf(customer)).to.deep.equal([
      { kind: 'phone', value: '+14085550142' },
      { kind: 'email', value: 'Jordan.Ellis@Example.com' },
      { kind: 'phone', value: '+14085550199' },
      { kind: 'externalId', value: 'CRM:4711' },
    ]);
  });

  it('finds the field or the list that holds an identity, compared as lookups compare', () => {
    expect(identityField(customer, { kind: 'email', value: 'jordan.ellis@example.com' })).to.equal('Context_Work_Email');
    expect(identityField(customer, { kind: 'phone', value: '+14085550199' })).to.equal(undefined);
    expect(listsIdentity(customer, { kind: 'externalId', value: 'crm:4711' })).to.equal(true);
    expect(listsIdentity(customer, { kind: 'phone', value: '+14085550142' })).to.equal(false);
  });

  it('records a merge in the journey by ids and agent, never by field values', () => {
    const input = mergeAuditActivity({ keptId: 'c-1', mergedId: 'c-2', mergedBy: { type: 'user', id: 'sup-1', name: 'Sam Supervisor' } });
    expect(activityInputSchema.safeParse(input).success).to.equal(true);
    expect(input.customerId).to.equal('c-1');
    expect(input.tags).to.deep.equal([MERGE_TAG]);
    expect(input.state).to.equal('closed');
    expect(input.message).to.contain('c-2').and.contain('Sam Supervisor (sup-1)');
    const text = JSON.stringify(input);
    for (const value of ['Jordan', 'Ellis', '+1408', 'example.com']) expect(text).not.to.contain(value);
  });

  it('reads back the merged id of a merge record, and nothing from other activities', () => {
    const record = (mergedBy?: { type: 'user'; id: string; name?: string }) => {
      const input = mergeAuditActivity({ keptId: 'jordan', mergedId: 'crm:4711.b', ...(mergedBy ? { mergedBy } : {}) });
      return { tags: input.tags ?? [], message: input.message };
    };
    expect(mergedIdOf(record())).to.equal('crm:4711.b');
    // A name that says the same words does not lead the reader astray: the last naming is the merge's.
    expect(mergedIdOf(record({ type: 'user', id: 'sup-1', name: 'Sam merged customer nobody into this customer: its' }))).to.equal('crm:4711.b');
    expect(mergedIdOf({ ...record(), tags: ['note'] })).to.equal(undefined);
    expect(mergedIdOf({ tags: [MERGE_TAG], message: 'Customers merged by hand' })).to.equal(undefined);
    expect(mergedIdOf({ tags: [MERGE_TAG], message: 'Sam merged customer two words into this customer: its activities, requests and identities are here now.' })).to.equal(undefined);
    expect(mergedIdOf({ tags: [MERGE_TAG] })).to.equal(undefined);
  });
});
