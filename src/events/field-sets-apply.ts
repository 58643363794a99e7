import type { OrganisationFieldSets } from '../model/field-sets.js';

export interface FieldSetsApplyDetail {
  /** The organisation's field set JSON as the editor holds it, already checked. */
  readonly document: OrganisationFieldSets;
}

/**
 * The administrator asked to use the edited field sets: the host gives `detail.document` to its
 * gadgets (their `fieldSets`) and to its store. The editor itself changes nothing else.
 */
export class FieldSetsApplyEvent extends Event {
  static readonly eventName = 'cc-field-sets-apply' as const;

  constructor(readonly detail: FieldSetsApplyDetail) {
    super(FieldSetsApplyEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-field-sets-apply': FieldSetsApplyEvent;
  }
}
