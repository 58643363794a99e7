import { msg, str } from '@lit/localize';

/**
 * One line saying why a backend call failed, from the error's code (a `ContextError`), in the
 * current locale and in the agent's words rather than the adapter's. `timeoutMs` stands in when a
 * timeout does not say its limit.
 */
export function errorCause(error: unknown, timeoutMs?: number): string {
  const { code, timeoutMs: limit } = (error ?? {}) as { code?: unknown; timeoutMs?: unknown };
  switch (code) {
    case 'timeout': {
      const ms = typeof limit === 'number' ? limit : timeoutMs;
      return ms === undefined ? msg('Timed out') : msg(str`Timed out after ${ms} ms`);
    }
    case 'unavailable':
      return msg('The context store cannot be reached');
    case 'invalid-response':
      return msg('The context store answered something invalid');
    case 'not-registered':
      return msg('This component is not registered');
    case 'forbidden':
      return msg('Access to this customer’s data was refused');
    case 'unauthenticated':
      return msg('The context store did not accept your sign-in');
    default:
      return msg('Something unexpected went wrong');
  }
}
