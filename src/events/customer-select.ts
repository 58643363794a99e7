import type { CustomerMatch } from '../backend/adapter.js';
import type { Customer } from '../model/customer.js';

export interface CustomerSelectDetail {
  readonly customer: Customer;
  /** How a search found the customer; absent when the agent chose it some other way. */
  readonly match?: CustomerMatch;
}

/**
 * The agent chose a customer (one match, or one picked from several). Cancelable: a host that
 * cancels it keeps the search as it was (the results stay open) and handles the choice itself.
 */
export class CustomerSelectEvent extends Event {
  static readonly eventName = 'cc-customer-select' as const;
  readonly detail: CustomerSelectDetail;

  constructor(detail: CustomerSelectDetail) {
    super(CustomerSelectEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-customer-select': CustomerSelectEvent;
  }
}
