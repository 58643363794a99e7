import type { Customer } from '../../src/model/index.js';

/** Jordan Ellis with a phone and an email in the base fields and two listed identities beside them. */
export const customerWithIdentities: Customer = {
  id: 'c-1',
  state: 'active',
  tags: [],
  contributors: [],
  fieldsets: ['cisco.base.customer'],
  dataElements: {
    Context_First_Name: 'Jordan',
    Context_Last_Name: 'Ellis',
    Context_Mobile_Phone: '+14085550142',
    Context_Work_Email: 'Jordan.Ellis@Example.com',
  },
  identities: [
    { kind: 'phone', value: '+14085550199' },
    { kind: 'externalId', value: 'CRM:4711' },
  ],
  created: '2026-01-01T00:00:00.000Z',
  lastUpdated: '2026-01-01T00:00:00.000Z',
  version: 1,
};
