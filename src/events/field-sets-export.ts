export const FIELD_SETS_EXPORT_ACTIONS = ['copy', 'download'] as const;
export type FieldSetsExportAction = (typeof FIELD_SETS_EXPORT_ACTIONS)[number];

export interface FieldSetsExportDetail {
  readonly action: FieldSetsExportAction;
  /** The organisation's field set JSON, as copied or downloaded. */
  readonly json: string;
  /** The file name a download gets. */
  readonly filename: string;
}

/**
 * The administrator asked to copy or download the field set JSON. Cancel it to take over (to
 * store the JSON on a server, say): the element then neither copies nor downloads.
 */
export class FieldSetsExportEvent extends Event {
  static readonly eventName = 'cc-field-sets-export' as const;

  constructor(readonly detail: FieldSetsExportDetail) {
    super(FieldSetsExportEvent.eventName, { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-field-sets-export': FieldSetsExportEvent;
  }
}
