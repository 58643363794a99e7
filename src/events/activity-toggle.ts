export interface ActivityToggleDetail {
  readonly activityId: string;
  /** Whether the activity's details are now shown. */
  readonly expanded: boolean;
}

/** The agent opened or closed an activity's details. */
export class ActivityToggleEvent extends Event {
  static readonly eventName = 'cc-activity-toggle' as const;
  readonly detail: ActivityToggleDetail;

  constructor(detail: ActivityToggleDetail) {
    super(ActivityToggleEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-activity-toggle': ActivityToggleEvent;
  }
}
