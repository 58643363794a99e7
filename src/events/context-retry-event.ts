/** The agent asked to try the context store again, from an error state's Retry button. */
export class ContextRetryEvent extends Event {
  static readonly eventName = 'cc-context-retry' as const;
  readonly detail: { readonly code?: string };

  constructor(code?: string) {
    super(ContextRetryEvent.eventName, { bubbles: true, composed: true });
    this.detail = code === undefined ? {} : { code };
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-context-retry': ContextRetryEvent;
  }
}
