import { expect } from '@open-wc/testing';
import type { BackendStatus } from '../../src/backend/adapter.js';
import { CONNECTION_STATES, connectionStateOf, isRegistration, type ConnectionState } from '../../src/diagnostics/connection-state.js';

const reachable: Pick<BackendStatus, 'reachable' | 'operations'> = { reachable: true, operations: {} };
const unreachable: Pick<BackendStatus, 'reachable' | 'operations'> = {
  reachable: false,
  operations: { status: { count: 1, errors: 1, meanMs: 200, p95Ms: 200, lastError: { code: 'timeout', message: 'status timed out after 200 ms', at: '2026-11-25T10:00:00.000Z' } } },
};
const refused: Pick<BackendStatus, 'reachable' | 'operations'> = {
  reachable: false,
  operations: {
    getCustomer: { count: 1, errors: 1, meanMs: 1, p95Ms: 1, lastError: { code: 'timeout', message: 'x', at: '2026-11-25T09:00:00.000Z' } },
    status: { count: 1, errors: 1, meanMs: 1, p95Ms: 1, lastError: { code: 'not-registered', message: 'x', at: '2026-11-25T10:00:00.000Z' } },
  },
};

describe('connection state', () => {
  it('has the six states administrators see', () => {
    expect(CONNECTION_STATES).to.deep.equal(['registered', 'not-registered', 'registration-in-progress', 'registration-invalid', 'registration-failed', 'undefined']);
  });

  it('takes the host’s word on a registration under way, invalid or absent, whatever the backend says', () => {
    const cases: [Parameters<typeof connectionStateOf>[0], ConnectionState][] = [
      [{ registration: 'invalid', status: reachable }, 'registration-invalid'],
      [{ registration: 'registering', status: reachable }, 'registration-in-progress'],
      [{ registration: 'deregistering', status: unreachable }, 'registration-in-progress'],
      [{ registration: 'unregistered', status: reachable }, 'not-registered'],
      [{ registration: 'invalid', status: refused }, 'registration-invalid'],
    ];
    for (const [input, state] of cases) expect(connectionStateOf(input), JSON.stringify(input)).to.equal(state);
  });

  it('is registered when the host says so, also while the backend is unreachable (reachability is shown apart)', () => {
    expect(connectionStateOf({ registration: 'registered', status: reachable })).to.equal('registered');
    expect(connectionStateOf({ registration: 'registered', status: unreachable })).to.equal('registered');
    expect(connectionStateOf({ registration: 'registered' })).to.equal('registered');
  });

  it('is not registered when an unreachable backend’s latest failure says so, even if the host believes otherwise', () => {
    expect(connectionStateOf({ registration: 'registered', status: refused })).to.equal('not-registered');
    expect(connectionStateOf({ status: refused })).to.equal('not-registered');
  });

  it('goes by the latest failure, not an older not-registered one', () => {
    const recovered: Pick<BackendStatus, 'reachable' | 'operations'> = {
      reachable: false,
      operations: {
        getCustomer: { count: 1, errors: 1, meanMs: 1, p95Ms: 1, lastError: { code: 'not-registered', message: 'x', at: '2026-11-25T09:00:00.000Z' } },
        status: { count: 1, errors: 1, meanMs: 1, p95Ms: 1, lastError: { code: 'timeout', message: 'x', at: '2026-11-25T10:00:00.000Z' } },
      },
    };
    expect(connectionStateOf({ registration: 'registered', status: recovered })).to.equal('registered');
  });

  it('without the host’s word, follows the backend’s answer', () => {
    expect(connectionStateOf({ status: reachable })).to.equal('registered');
    expect(connectionStateOf({ status: refused })).to.equal('not-registered');
    expect(connectionStateOf({ status: { reachable: false, operations: {} } })).to.equal('not-registered');
  });

  it('without the host’s word, is undefined before the first answer, as after a page refresh', () => {
    expect(connectionStateOf({})).to.equal('undefined');
    expect(connectionStateOf({ registration: 'registering' })).to.equal('registration-in-progress');
  });

  it('without the host’s word, failed to register when the backend could not be reached (a timeout, or unavailable)', () => {
    expect(connectionStateOf({ status: unreachable })).to.equal('registration-failed');
    const unavailable: Pick<BackendStatus, 'reachable' | 'operations'> = {
      reachable: false,
      operations: { status: { count: 1, errors: 1, meanMs: 1, p95Ms: 1, lastError: { code: 'unavailable', message: 'x', at: '2026-11-25T10:00:00.000Z' } } },
    };
    expect(connectionStateOf({ status: unavailable })).to.equal('registration-failed');
    // The host's word wins: a registered component whose backend is unreachable is shown unreachable, not unregistered.
    expect(connectionStateOf({ registration: 'registered', status: unavailable })).to.equal('registered');
  });

  it('takes the probe’s failure over another call’s of the same millisecond', () => {
    // As in a page whose lookup found nothing just before the probe failed: both stamped alike.
    const sameMillisecond: Pick<BackendStatus, 'reachable' | 'operations'> = {
      reachable: false,
      operations: {
        getCustomer: { count: 1, errors: 1, meanMs: 1, p95Ms: 1, lastError: { code: 'not-found', message: 'x', at: '2026-11-25T10:00:00.000Z' } },
        status: { count: 1, errors: 1, meanMs: 1, p95Ms: 1, lastError: { code: 'unavailable', message: 'x', at: '2026-11-25T10:00:00.000Z' } },
      },
    };
    expect(connectionStateOf({ status: sameMillisecond })).to.equal('registration-failed');
  });

  it('knows a registration from any other text', () => {
    expect(isRegistration('registering')).to.equal(true);
    expect(isRegistration('Registered')).to.equal(false);
    expect(isRegistration(undefined)).to.equal(false);
  });
});
