import { waitUntil as openWcWaitUntil } from '@open-wc/testing';

/**
 * How long a test waits for what I/O, timers or rendering must bring about before it calls the
 * wait a failure. Generous, so that a loaded machine cannot fail a test; a wait still ends as
 * soon as its condition holds, so a passing test takes no longer for it.
 */
export const WAIT_MS = 15_000;

/**
 * @open-wc/testing's waitUntil, with WAIT_MS as its default timeout instead of 1 s. A `message`
 * given as a function is asked only if the wait fails: it can say what the page showed instead.
 */
export async function waitUntil(
  predicate: () => unknown | Promise<unknown>,
  message?: string | (() => string),
  options: { interval?: number; timeout?: number } = {},
): Promise<void> {
  if (typeof message !== 'function') return openWcWaitUntil(predicate, message, { timeout: WAIT_MS, ...options });
  const pending = 'the condition';
  try {
    await openWcWaitUntil(predicate, pending, { timeout: WAIT_MS, ...options });
  } catch (error) {
    // The same error, so that its stack still names the test's line.
    if (error instanceof Error && error.message === `Timeout: ${pending}`) error.message = `Timeout: ${message()}`;
    throw error;
  }
}
