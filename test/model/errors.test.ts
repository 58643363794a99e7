import { expect } from '@open-wc/testing';
import {
  AbortedError,
  ConflictError,
  ContextError,
  ERROR_CODES,
  ForbiddenError,
  UnauthenticatedError,
  InvalidInputError,
  InvalidResponseError,
  NotFoundError,
  NotRegisteredError,
  TimeoutError,
  UnavailableError,
  isContextError,
} from '../../src/model/index.js';

describe('errors', () => {
  describe('codes', () => {
    it('each error class carries its own code and name', () => {
      const errors: [ContextError, string, string][] = [
        [new NotFoundError('customer', 'c-1'), 'not-found', 'NotFoundError'],
        [new ConflictError('Changed meanwhile', { version: 3 }), 'conflict', 'ConflictError'],
        [new InvalidInputError([]), 'invalid-input', 'InvalidInputError'],
        [new TimeoutError('getCustomer', 1200), 'timeout', 'TimeoutError'],
        [new UnavailableError(), 'unavailable', 'UnavailableError'],
        [new ForbiddenError('Deletes need lab mode'), 'forbidden', 'ForbiddenError'],
        [new UnauthenticatedError(), 'unauthenticated', 'UnauthenticatedError'],
        [new AbortedError('listActivities'), 'aborted', 'AbortedError'],
        [new InvalidResponseError('Not JSON'), 'invalid-response', 'InvalidResponseError'],
        [new NotRegisteredError(), 'not-registered', 'NotRegisteredError'],
      ];
      for (const [error, code, name] of errors) {
        expect(error.code, name).to.equal(code);
        expect(error.name).to.equal(name);
        expect(error).to.be.instanceOf(Error);
        expect(isContextError(error)).to.equal(true);
      }
      expect(new Set(errors.map(([error]) => error.code))).to.have.property('size', ERROR_CODES.length);
    });

    it('tells context errors from anything else thrown', () => {
      expect(isContextError(new Error('x'))).to.equal(false);
      expect(isContextError(new DOMException('x', 'AbortError'))).to.equal(false);
      expect(isContextError({ code: 'not-found', message: 'x' })).to.equal(false);
    });
  });

  describe('messages', () => {
    it('say what failed and keep the details as data', () => {
      const missing = new NotFoundError('activity', 'pod-7');
      expect(missing.message).to.equal('No activity with id "pod-7"');
      expect(missing.kind).to.equal('activity');
      expect(missing.id).to.equal('pod-7');
      const timeout = new TimeoutError('getCustomer', 1200);
      expect(timeout.message).to.equal('getCustomer timed out after 1200 ms');
      expect(timeout.timeoutMs).to.equal(1200);
      expect(new AbortedError('getActivity').message).to.equal('getActivity was aborted');
      expect(new ConflictError('stale', { version: 3 }).current).to.deep.equal({ version: 3 });
    });

    it('keeps the cause it was given', () => {
      const cause = new TypeError('Failed to fetch');
      expect(new UnavailableError('down', { cause }).cause).to.equal(cause);
    });
  });

  describe('invalid input', () => {
    it('leads with the first issue and counts the rest', () => {
      const error = new InvalidInputError([
        { path: 'dataElements.Context_Mobile_Phone', message: 'Not a valid phone number: "12"' },
        { path: 'tags', message: 'Tags must be unique' },
        { path: '', message: 'Too large' },
      ]);
      expect(error.message).to.equal('dataElements.Context_Mobile_Phone: Not a valid phone number: "12" (and 2 more)');
      expect(new InvalidInputError([{ path: '', message: 'Too large' }]).message).to.equal('Too large');
      expect(new InvalidInputError([]).message).to.equal('Invalid input');
    });

    it('finds the issue for a field, as a form shows it', () => {
      const error = new InvalidInputError([
        { path: 'dataElements.Context_Work_Email', message: 'Not a valid email address' },
        { path: 'title', message: 'Must not be empty' },
      ]);
      expect(error.issueAt('title')?.message).to.equal('Must not be empty');
      expect(error.issueAt('dataElements.Context_Work_Email')?.message).to.equal('Not a valid email address');
      expect(error.issueAt('dataElements')).to.equal(undefined);
    });
  });
});
