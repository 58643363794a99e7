import type { Activity } from '../model/activity.js';

export interface AppointmentDismissDetail {
  /** The activity whose proposal the agent set aside. */
  readonly activity: Activity;
}

/**
 * The agent dismissed a proposed appointment's screen-pop. Cancelable: by default the activity
 * stays in the journey tagged `unresolved`; a host that tracks it elsewhere cancels.
 */
export class AppointmentDismissEvent extends Event {
  static readonly eventName = 'cc-appointment-dismiss' as const;
  readonly detail: AppointmentDismissDetail;

  constructor(detail: AppointmentDismissDetail) {
    super(AppointmentDismissEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-appointment-dismiss': AppointmentDismissEvent;
  }
}
