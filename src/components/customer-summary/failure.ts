import { msg, str } from '@lit/localize';
import { isContextError, type TimeoutError } from '../../model/errors.js';

/** One short line saying why a backend call failed, in the agent's words rather than the adapter's. */
export function failureCause(error: unknown): string {
  if (!isContextError(error)) return msg('Something went wrong.');
  switch (error.code) {
    case 'timeout': {
      const { timeoutMs } = error as Partial<TimeoutError>;
      if (typeof timeoutMs !== 'number') return msg('Timed out.');
      const ms = new Intl.NumberFormat().format(timeoutMs);
      return msg(str`Timed out after ${ms} ms.`);
    }
    case 'unavailable':
      return msg('The context store cannot be reached.');
    case 'invalid-response':
      return msg('The context store sent an invalid response.');
    case 'not-registered':
      return msg('This gadget is not registered with the context store.');
    case 'forbidden':
      return msg('Not allowed.');
    case 'not-found':
      return msg('Not found.');
    default:
      return msg('Something went wrong.');
  }
}
