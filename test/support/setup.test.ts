import { expect } from '@open-wc/testing';
import * as fc from 'fast-check';
import { waitUntil } from './wait.js';

describe('test set-up', () => {
  it('runs every fast-check property on the seed the test page was given', () => {
    expect(window.ccTestSeed).to.be.a('number');
    expect(fc.readConfigureGlobal().seed).to.equal(window.ccTestSeed);
    // Seeded: the same arbitrary draws the same values twice.
    expect(fc.sample(fc.string(), 20)).to.deep.equal(fc.sample(fc.string(), 20));
  });

  it('a failed wait says what its message function saw then, and a wait that holds never asks it', async () => {
    let asked = 0;
    let seen = 'nothing yet';
    setTimeout(() => (seen = 'the late value'), 10);
    const failure = await waitUntil(() => false, () => `Expected more; saw ${seen} after ${++asked} ask`, { timeout: 100 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).to.be.instanceOf(Error);
    expect((failure as Error).message).to.equal('Timeout: Expected more; saw the late value after 1 ask');
    expect((failure as Error).stack).to.contain('setup.test');
    await waitUntil(() => true, () => `asked ${++asked}`);
    expect(asked).to.equal(1);
  });
});
