import type { CustomerInput } from '../model/customer.js';

export interface CustomerCreateRequestDetail {
  /** What to fill the new customer's form with, built from what the agent typed. */
  readonly prefill: CustomerInput;
}

/**
 * The agent asked to create a customer (from a search that found none). The host opens a form,
 * such as `<cc-customer-summary mode="create" .prefill=…>`. Cancelable, so that a host which
 * creates customers elsewhere can tell the element it took the request over.
 */
export class CustomerCreateRequestEvent extends Event {
  static readonly eventName = 'cc-customer-create-request' as const;
  readonly detail: CustomerCreateRequestDetail;

  constructor(detail: CustomerCreateRequestDetail) {
    super(CustomerCreateRequestEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-customer-create-request': CustomerCreateRequestEvent;
  }
}
