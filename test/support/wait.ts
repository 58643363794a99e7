import { waitUntil as openWcWaitUntil } from '@open-wc/testing';

/**
 * How long a test waits for what I/O, timers or rendering must bring about before it calls the
 * wait a failure. Generous, so that a loaded machine cannot fail a test; a wait still ends as
 * soon as its condition holds, so a passing test takes no longer for it.
 */
export const WAIT_MS = 15_000;

/** @open-wc/testing's waitUntil, with WAIT_MS as its default timeout instead of 1 s. */
export function waitUntil(
  predicate: () => unknown | Promise<unknown>,
  message?: string,
  options: { interval?: number; timeout?: number } = {},
): Promise<void> {
  return openWcWaitUntil(predicate, message, { timeout: WAIT_MS, ...options });
}
