import type { Activity } from '../model/activity.js';

export interface AppointmentAcceptDetail {
  /** The activity that proposed the appointment. */
  readonly activity: Activity;
  /** The accepted start, as an ISO instant (as the agent may have corrected it). */
  readonly start: string;
  /** The customer's IANA time zone. */
  readonly timeZone: string;
  readonly place?: string;
  /** The confirmation the element sends the customer by SMS unless the event is cancelled. */
  readonly message: string;
}

/**
 * The agent accepted a proposed appointment. Cancelable: by default the element records an
 * outbound SMS confirming it and marks the proposal accepted; a host that sends the SMS through
 * its own gateway cancels and does so.
 */
export class AppointmentAcceptEvent extends Event {
  static readonly eventName = 'cc-appointment-accept' as const;
  readonly detail: AppointmentAcceptDetail;

  constructor(detail: AppointmentAcceptDetail) {
    super(AppointmentAcceptEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-appointment-accept': AppointmentAcceptEvent;
  }
}
