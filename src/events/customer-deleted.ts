export interface CustomerDeletedDetail {
  readonly customerId: string;
}

/**
 * A customer (with its activities and requests) was deleted, in lab mode. Cancelable: by default
 * the element says so in place of the customer; a host that cancels shows what it wants instead.
 */
export class CustomerDeletedEvent extends Event {
  static readonly eventName = 'cc-customer-deleted' as const;
  readonly detail: CustomerDeletedDetail;

  constructor(detail: CustomerDeletedDetail) {
    super(CustomerDeletedEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-customer-deleted': CustomerDeletedEvent;
  }
}
