/** Sensitive fields: which they are, their values masked, and redaction of text that may quote one. */
import type { ActivityInput } from './activity.js';
import { BASE_FIELD_SET_REGISTRY, type DataElements, type FieldSetRegistry } from './field-sets.js';

/** What stands in for a sensitive value wherever it would otherwise surface. */
export const MASK = '••••••';

interface WithData {
  readonly fieldsets: readonly string[];
  readonly dataElements: Readonly<Record<string, unknown>>;
}

/** The keys of an object's data elements whose field is sensitive. */
export function sensitiveKeys(record: WithData, registry: FieldSetRegistry = BASE_FIELD_SET_REGISTRY): string[] {
  if (!Array.isArray(record.fieldsets) || typeof record.dataElements !== 'object' || record.dataElements === null) return [];
  return Object.keys(record.dataElements).filter((key) => registry.findField(record.fieldsets, key)?.sensitive === true);
}

/** The data elements with every sensitive value replaced by `MASK`. */
export function maskDataElements(record: WithData, registry?: FieldSetRegistry): DataElements {
  const masked = { ...record.dataElements } as DataElements;
  for (const key of sensitiveKeys(record, registry)) masked[key] = MASK;
  return masked;
}

/** A copy of a customer, activity or request whose sensitive values read `MASK`: what may be logged or exported for support. */
export function maskRecord<T extends WithData>(record: T, registry?: FieldSetRegistry): T {
  return { ...record, dataElements: maskDataElements(record, registry) };
}

/** The sensitive values of some records, as text, longest first: what `redact` looks for. */
export function sensitiveValues(records: readonly WithData[], registry?: FieldSetRegistry): string[] {
  const values = new Set<string>();
  for (const record of records) {
    for (const key of sensitiveKeys(record, registry)) {
      const value = record.dataElements[key];
      if (value === null || value === undefined || value === '') continue;
      values.add(String(value));
    }
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of each value replaced by `MASK`: for messages that may quote what was asked. */
export function redact(text: string, values: readonly string[]): string {
  let result = text;
  for (const value of [...values].sort((a, b) => b.length - a.length)) {
    if (value) result = result.split(value).join(MASK);
  }
  return result;
}

/** The tag every reveal's audit activity carries, so that they can be listed together. */
export const REVEAL_AUDIT_TAG = 'sensitive-reveal';

export interface RevealAudit {
  readonly customerId: string;
  readonly fieldId: string;
  /** The field's label, in English: the record is read by auditors, not only by this agent. */
  readonly fieldLabel: string;
  readonly agent: { readonly id: string; readonly name?: string };
  /** The activity whose field was revealed, when not the customer's own. */
  readonly activityId?: string;
}

/**
 * The activity that records one reveal: who (the contributor), when (its creation time), which
 * field (by id and label). Never the value.
 */
export function revealAuditActivity(audit: RevealAudit): ActivityInput {
  const who = audit.agent.name ? `${audit.agent.name} (${audit.agent.id})` : audit.agent.id;
  const where = audit.activityId ? ` of activity ${audit.activityId}` : '';
  return {
    customerId: audit.customerId,
    mediaType: 'event',
    direction: 'internal',
    state: 'closed',
    title: `Sensitive field revealed: ${audit.fieldLabel}`.slice(0, 200),
    message: `${who} revealed the sensitive field ${audit.fieldId}${where}.`,
    source: 'Customer Context',
    tags: [REVEAL_AUDIT_TAG],
    contributor: { type: 'user', id: audit.agent.id, ...(audit.agent.name ? { name: audit.agent.name } : {}) },
  };
}
