import type { Activity } from '../model/activity.js';

/**
 * The agent added a note to the customer's journey; it is stored (or, on a shared backend that
 * cannot be reached, kept in the offline copy and queued). Not cancelable: it reports what is done.
 */
export class NoteAddedEvent extends Event {
  static readonly eventName = 'cc-note-added' as const;
  readonly activity: Activity;

  constructor(activity: Activity) {
    super(NoteAddedEvent.eventName, { bubbles: true, composed: true });
    this.activity = activity;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-note-added': NoteAddedEvent;
  }
}
