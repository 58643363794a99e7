import type { ErrorCode } from '../model/errors.js';

export const TIMELINE_STATES = ['ready', 'empty', 'error'] as const;
export type TimelineState = (typeof TIMELINE_STATES)[number];

export interface TimelineStateDetail {
  readonly state: TimelineState;
  /** Activities loaded so far under the current filters. */
  readonly loaded: number;
  /** Whether older activities remain to be paged in. */
  readonly more: boolean;
  /** The failure's code, in the `error` state. */
  readonly errorCode?: ErrorCode;
}

/** The journey timeline finished loading, found nothing, or failed: for a host that shows its own status. */
export class TimelineStateEvent extends Event {
  static readonly eventName = 'cc-timeline-state' as const;
  readonly detail: TimelineStateDetail;

  constructor(detail: TimelineStateDetail) {
    super(TimelineStateEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-timeline-state': TimelineStateEvent;
  }
}
