import type { Customer } from '../model/customer.js';

export interface CustomerSavedDetail {
  /** The customer as stored now, with its new version. */
  readonly customer: Customer;
  /** True when the save created the customer. */
  readonly created: boolean;
}

/**
 * A customer was created or updated in the backend; the element then shows the saved customer.
 * Not cancelable: it reports what is already stored.
 */
export class CustomerSavedEvent extends Event {
  static readonly eventName = 'cc-customer-saved' as const;
  readonly detail: CustomerSavedDetail;

  constructor(detail: CustomerSavedDetail) {
    super(CustomerSavedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-customer-saved': CustomerSavedEvent;
  }
}
