import { expect } from '@open-wc/testing';
import * as fc from 'fast-check';

describe('test set-up', () => {
  it('runs every fast-check property on the seed the test page was given', () => {
    expect(window.ccTestSeed).to.be.a('number');
    expect(fc.readConfigureGlobal().seed).to.equal(window.ccTestSeed);
    // Seeded: the same arbitrary draws the same values twice.
    expect(fc.sample(fc.string(), 20)).to.deep.equal(fc.sample(fc.string(), 20));
  });
});
