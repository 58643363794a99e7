import type { CustomerMatch } from '../backend/adapter.js';

interface SearchAsked {
  /** What was searched for, as the agent typed it (trimmed) or a host looked it up. */
  readonly query: string;
  /**
   * Whether someone asked for this answer (Enter, a host's `lookup()`), rather than the search
   * running while the agent is still typing: only an answer asked for is the search's answer.
   */
  readonly immediate: boolean;
}

export type CustomerSearchResultDetail =
  | (SearchAsked & {
      /** Everyone found, best first; empty when nobody matches. */
      readonly matches: readonly CustomerMatch[];
    })
  | (SearchAsked & {
      /** Why the search could not answer; it has no matches to give. */
      readonly error: unknown;
    });

/**
 * A search ended: with its matches (none, one or several), or with the store's failure. Fired
 * after `cc-customer-select` when the search opened its one match, so that a host showing a
 * customer beside the search can tell whether the answer still includes them. Not cancelable:
 * it reports what the search already shows.
 */
export class CustomerSearchResultEvent extends Event {
  static readonly eventName = 'cc-customer-search-result' as const;
  readonly detail: CustomerSearchResultDetail;

  constructor(detail: CustomerSearchResultDetail) {
    super(CustomerSearchResultEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-customer-search-result': CustomerSearchResultEvent;
  }
}
