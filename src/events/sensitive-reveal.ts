export interface SensitiveRevealDetail {
  /** The field revealed. */
  readonly fieldId: string;
  readonly customerId: string;
  /** The activity whose field it is, when not the customer's own. */
  readonly activityId?: string;
  /** The activity that records the reveal. */
  readonly auditActivityId: string;
}

/**
 * An agent revealed a sensitive field, after the reveal was recorded as an activity. Carries no
 * value. Not cancelable: the reveal is already on record.
 */
export class SensitiveRevealEvent extends Event {
  static readonly eventName = 'cc-sensitive-reveal' as const;
  readonly detail: SensitiveRevealDetail;

  constructor(detail: SensitiveRevealDetail) {
    super(SensitiveRevealEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-sensitive-reveal': SensitiveRevealEvent;
  }
}
