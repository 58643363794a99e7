export const LAYOUT_EXPORT_ACTIONS = ['copy', 'download'] as const;
export type LayoutExportAction = (typeof LAYOUT_EXPORT_ACTIONS)[number];

export interface LayoutExportDetail {
  readonly action: LayoutExportAction;
  /** The text being copied or downloaded. */
  readonly xml: string;
  /** The file name a download gets. */
  readonly filename: string;
}

/**
 * The person asked to copy or download the result. Cancel it to take over (to store the layout on
 * a server, say): the element then neither copies nor downloads.
 */
export class LayoutExportEvent extends Event {
  static readonly eventName = 'cc-layout-export' as const;

  constructor(readonly detail: LayoutExportDetail) {
    super(LayoutExportEvent.eventName, { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-layout-export': LayoutExportEvent;
  }
}
