import type { Customer } from '../model/customer.js';

export interface CustomersMergedDetail {
  /** The customer kept, as stored now: with the merged customer's identities, at its new version. */
  readonly customer: Customer;
  /** The id of the customer merged into it, which now leads to the kept one. */
  readonly mergedId: string;
}

/**
 * Two customers were merged: the kept customer's journey now holds the merged one's activities
 * and requests. Not cancelable: it reports what is already stored. `<cc-customer-context>` reads
 * the customer and their journey again when it hears it.
 */
export class CustomersMergedEvent extends Event {
  static readonly eventName = 'cc-customers-merged' as const;
  readonly detail: CustomersMergedDetail;

  constructor(detail: CustomersMergedDetail) {
    super(CustomersMergedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-customers-merged': CustomersMergedEvent;
  }
}
