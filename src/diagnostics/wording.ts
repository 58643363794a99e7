import { msg } from '@lit/localize';
import { errorCause } from '../components/context-error/error-cause.js';
import type { ErrorCode } from '../model/errors.js';
import type { ConnectionState, Registration } from './connection-state.js';

/** The connection state in the administrator's words (Context Service's own where it had them). */
export function connectionLabel(state: ConnectionState, registration?: Registration): string {
  switch (state) {
    case 'registered':
      return msg('Registered');
    case 'not-registered':
      return msg('Not registered');
    case 'registration-in-progress':
      return registration === 'deregistering' ? msg('Deregistration is in progress') : msg('Registration is in progress');
    case 'registration-invalid':
      return msg('The Context service registration status is invalid. Check the Settings and try again.');
    case 'registration-failed':
      return msg('Failed to register with the Context Service because of a connection error.');
    case 'undefined':
      return msg('Undefined');
  }
}

/**
 * One generic line for an error code: what kind of thing went wrong, never what was asked. This is
 * all diagnostics say about an error besides its code, as its message may quote customer data.
 */
export function diagnosticCause(code: ErrorCode | 'unknown'): string {
  switch (code) {
    case 'not-found':
      return msg('Something asked for does not exist');
    case 'conflict':
      return msg('A change crossed another change made meanwhile');
    case 'invalid-input':
      return msg('A request was refused as invalid');
    case 'aborted':
      return msg('A call was cancelled by its caller');
    case 'forbidden':
      return msg('Access was refused');
    default:
      return errorCause({ code });
  }
}

/** The headers of the per-operation figures, shared by the panel's table and the report. */
export function operationHeaders() {
  return {
    operation: msg('Operation'),
    count: msg('Calls'),
    errors: msg('Errors'),
    p50: msg('p50 (ms)'),
    p95: msg('p95 (ms)'),
  } as const;
}
