import type { Finesse } from './types.js';

/**
 * Whether finesse.js is on the page, that is, whether the gadget runs inside the Finesse desktop.
 * Apart from the bridge, so that the gadget bundle can ask without loading it.
 */
export function finessePresent(): boolean {
  const finesse: Finesse | undefined = window.finesse;
  return typeof finesse === 'object' && finesse !== null;
}
