import { expect } from '@open-wc/testing';
import * as z from 'zod/mini';
import { REQUEST_AUTO_CLOSE_MS, requestInputSchema, requestSchema, type Request } from '../../src/model/index.js';

const CASE: Request = {
  id: 'req-1',
  customerId: 'c-1',
  state: 'active',
  tags: ['warranty'],
  contributors: [],
  fieldsets: ['cisco.base.request'],
  dataElements: { Context_Title: 'Motorcycle fault P0562' },
  created: '2024-03-10T09:30:00.000Z',
  lastUpdated: '2024-03-10T09:30:00.000Z',
  version: 1,
};

describe('request', () => {
  it('accepts a stored request and refuses one without a customer', () => {
    expect(z.parse(requestSchema, CASE)).to.deep.equal(CASE);
    const { customerId: _, ...orphan } = CASE;
    expect(z.safeParse(requestSchema, orphan).success).to.equal(false);
  });

  it('defaults an input to active with no tags', () => {
    expect(z.parse(requestInputSchema, { customerId: 'c-1' })).to.deep.equal({ customerId: 'c-1', state: 'active', tags: [], dataElements: {} });
    expect(z.safeParse(requestInputSchema, { customerId: 'c-1', title: 'x' }).success).to.equal(false);
  });

  it('closes five days after the last update', () => {
    expect(REQUEST_AUTO_CLOSE_MS).to.equal(5 * 24 * 60 * 60 * 1000);
  });
});
