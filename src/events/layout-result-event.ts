import type { Finding } from '../layout/index.js';

export const LAYOUT_BUILDER_MODES = ['add', 'remove', 'snippet'] as const;
/** What `<cc-layout-builder>` makes: the layout with the tab added, with it removed, or the tab alone. */
export type LayoutBuilderMode = (typeof LAYOUT_BUILDER_MODES)[number];

export interface LayoutResultDetail {
  readonly mode: LayoutBuilderMode;
  /** False when the input has errors: then there is no `xml`. */
  readonly ok: boolean;
  /** The new layout, or the snippet in snippet mode. */
  readonly xml?: string;
  /** Whether the new layout differs from the input (always true for a snippet). */
  readonly changed: boolean;
  readonly findings: readonly Finding[];
}

/**
 * A new result after the person edited the layout or the options (never because the host set a
 * property).
 */
export class LayoutResultEvent extends Event {
  static readonly eventName = 'cc-layout-result' as const;

  constructor(readonly detail: LayoutResultDetail) {
    super(LayoutResultEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-layout-result': LayoutResultEvent;
  }
}
