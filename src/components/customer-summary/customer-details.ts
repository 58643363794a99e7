import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { Customer } from '../../model/customer.js';
import { customerDisplayName } from '../../model/customer-display.js';
import type { FieldDefinition, FieldSetRegistry } from '../../model/field-sets.js';
import { MASK } from '../../model/masking.js';
import { inspectDataElements, type InspectedElement } from '../../model/validation.js';
import '../sensitive-value/sensitive-value.js';
import { ADDRESS_FIELDS, NAME_FIELDS, setIdsFor } from './field-groups.js';
import { displayValue, englishLabel, fieldLabel, problemText } from './field-text.js';

/** What the details are shown with: the field sets in force, the agent's locale, and how phones read. */
export interface DetailsContext {
  readonly registry: FieldSetRegistry;
  /** Language and country names, dates and numbers are written in it. */
  readonly locale: string | undefined;
  /** A stored phone as the agent reads it. */
  readonly formatPhone: (e164: string) => string;
}

/** The name to show, whatever a backend sent: never throws on data elements that are not an object. */
export function displayName(customer: Customer): string {
  return typeof customer.dataElements === 'object' && customer.dataElements !== null ? customerDisplayName(customer) : msg('Unknown customer');
}

function languageName(tag: string, locale: string | undefined): string {
  try {
    return new Intl.DisplayNames(locale, { type: 'language', languageDisplay: 'standard' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

function countryName(country: string, locale: string | undefined): string {
  if (!/^[A-Za-z]{2}$/.test(country)) return country;
  try {
    return new Intl.DisplayNames(locale, { type: 'region' }).of(country.toUpperCase()) ?? country;
  } catch {
    return country;
  }
}

/** Street lines, then "City, State ZIP", then the country (named when it is a region code). */
function addressLines(text: (field: string) => string | undefined, locale: string | undefined): string[] {
  const place = [text('Context_City'), [text('Context_State'), text('Context_ZIP')].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ');
  const country = text('Context_Country');
  return [text('Context_Street_Address_1'), text('Context_Street_Address_2'), place, country && countryName(country, locale)].filter(
    (line): line is string => Boolean(line),
  );
}

/** One data element of a field in force: formatted by its type, masked when sensitive, marked when it does not fit. */
function renderElement(customer: Customer, element: InspectedElement, context: DetailsContext) {
  const { locale } = context;
  const field = element.definition!;
  const label = fieldLabel(field.id, field, locale);
  const fits = element.problem === undefined;
  let shown: unknown;
  // A value the backend masked reads as the mask until it is revealed.
  if (field.sensitive && element.value === MASK) shown = MASK;
  else if (!fits) shown = displayValue(element.value, field, locale, false);
  else if (field.format === 'phone') shown = context.formatPhone(String(element.value));
  else if (field.format === 'language') shown = html`<span lang=${locale ?? nothing}>${languageName(String(element.value), locale)}</span>`;
  else shown = displayValue(element.value, field, locale);
  const value = field.sensitive
    ? html`<cc-sensitive-value
        .value=${typeof shown === 'string' ? shown : String(element.value)}
        label=${label}
        audit-label=${englishLabel(field.id, field)}
        field-id=${field.id}
        customer-id=${customer.id}
      ></cc-sensitive-value>`
    : html`<bdi dir=${field.format === 'phone' ? 'ltr' : 'auto'}>${shown}</bdi>`;
  return html`<div class=${fits ? '' : 'mistyped'}>
    <dt>${label}</dt>
    <dd>
      ${value}
      ${fits
        ? nothing
        : html`<span class="field-badge">${msg('Does not match its field')}</span> <span class="problem">${problemText(element.problem!)}</span>`}
    </dd>
  </div>`;
}

/**
 * The customer's details as a definition list: the fields in force in their sets' order (the
 * name left to the heading, the address as one block), the tags, then data that fits no field set, marked.
 */
export function renderDetails(customer: Customer, context: DetailsContext): TemplateResult {
  const { registry, locale } = context;
  const setIds = setIdsFor(registry, customer);
  const inspected = inspectDataElements(setIds, customer.dataElements, registry);
  const byKey = new Map(inspected.map((element) => [element.key, element]));
  const fits = (element: InspectedElement | undefined): element is InspectedElement & { definition: FieldDefinition } =>
    element?.definition !== undefined && element.problem === undefined;
  const text = (id: string) => {
    const element = byKey.get(id);
    return fits(element) && typeof element.value === 'string' && element.value ? element.value : undefined;
  };
  const address = addressLines(text, locale);
  let addressShown = false;
  const known = registry.fieldsOf(setIds).flatMap(({ field }) => {
    const element = byKey.get(field.id);
    if (!element || element.value === '' || element.value === null) return [];
    if ((NAME_FIELDS as readonly string[]).includes(field.id) && fits(element) && !field.sensitive) return [];
    if ((ADDRESS_FIELDS as readonly string[]).includes(field.id) && fits(element) && !field.sensitive) {
      if (addressShown || !address.length) return [];
      addressShown = true;
      return [html`<div><dt>${msg('Address')}</dt><dd><address dir="auto">${address.join('\n')}</address></dd></div>`];
    }
    return [renderElement(customer, element, context)];
  });
  const unknown = inspected.filter((element) => !element.definition);
  const tags = Array.isArray(customer.tags) ? customer.tags : [];
  return html`<dl>
    ${known}
    ${tags.length
      ? html`<div>
          <dt id="tags-label">${msg('Tags')}</dt>
          <dd><ul class="tags" aria-labelledby="tags-label">${tags.map((tag) => html`<li dir="auto">${String(tag)}</li>`)}</ul></dd>
        </div>`
      : nothing}
    ${unknown.map(
      (element) => html`<div class="unknown">
        <dt>${element.key}</dt>
        <dd><bdi>${displayValue(element.value, undefined, locale)}</bdi> <span class="field-badge">${msg('Not in the field sets')}</span></dd>
      </div>`,
    )}
  </dl>`;
}
