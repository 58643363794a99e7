import { expect } from '@open-wc/testing';
import { InvalidInputError } from '../../src/model/index.js';

/** The InvalidInputError `run` throws; fails the test when it throws anything else, or nothing. */
export function refused(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected the input to be refused');
}
