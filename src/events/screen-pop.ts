import type { Activity } from '../model/activity.js';

export interface ScreenPopDetail {
  /** The activity that popped: a proposed appointment that arrived live. */
  readonly activity: Activity;
}

/**
 * A screen-pop appeared for an activity that arrived live, so that a host (the Finesse bridge)
 * can bring the gadget's tab forward or raise a toast. Fired once per activity.
 */
export class ScreenPopEvent extends Event {
  static readonly eventName = 'cc-screen-pop' as const;
  readonly detail: ScreenPopDetail;

  constructor(detail: ScreenPopDetail) {
    super(ScreenPopEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-screen-pop': ScreenPopEvent;
  }
}
