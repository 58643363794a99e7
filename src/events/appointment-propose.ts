import type { Activity } from '../model/activity.js';

export interface AppointmentProposeDetail {
  /** The activity whose proposal the agent answers with another time. */
  readonly activity: Activity;
  /** The time the agent offers, as an ISO instant. */
  readonly start: string;
  /** The customer's IANA time zone. */
  readonly timeZone: string;
  readonly place?: string;
  /** The offer the element sends the customer by SMS unless the event is cancelled. */
  readonly message: string;
}

/**
 * The agent proposed another time for an appointment. Cancelable: by default the element records
 * an outbound SMS with that time; a host with its own gateway cancels and sends it itself.
 */
export class AppointmentProposeEvent extends Event {
  static readonly eventName = 'cc-appointment-propose' as const;
  readonly detail: AppointmentProposeDetail;

  constructor(detail: AppointmentProposeDetail) {
    super(AppointmentProposeEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-appointment-propose': AppointmentProposeEvent;
  }
}
