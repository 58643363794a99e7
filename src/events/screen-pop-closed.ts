import type { Activity } from '../model/activity.js';

export interface ScreenPopClosedDetail {
  /** The activity whose pop closed last. */
  readonly activity: Activity;
  /** Whether focus was in the pop: it then needs a new place (the pop is gone). */
  readonly hadFocus: boolean;
}

/** The last screen-pop closed (answered, dismissed or settled in another tab); none is waiting. */
export class ScreenPopClosedEvent extends Event {
  static readonly eventName = 'cc-screen-pop-closed' as const;
  readonly detail: ScreenPopClosedDetail;

  constructor(detail: ScreenPopClosedDetail) {
    super(ScreenPopClosedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-screen-pop-closed': ScreenPopClosedEvent;
  }
}
