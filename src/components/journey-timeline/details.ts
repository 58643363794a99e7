import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { BASE_FIELD_SET_REGISTRY, type FieldSetRegistry } from '../../model/field-sets.js';
import type { Activity, ProposedAppointment } from '../../model/index.js';
import { inspectDataElements, type InspectedElement } from '../../model/validation.js';
import { displayValue, englishLabel, fieldLabel, problemText } from '../customer-summary/field-text.js';
import '../sensitive-value/sensitive-value.js';
import type { TimelineFormats } from './dates.js';

/** Data elements shown under their own heading rather than in the list of other fields. */
const NOTES_KEY = 'Context_Notes';

function renderAppointment(appointment: ProposedAppointment, formats: TimelineFormats): TemplateResult {
  const start = new Date(appointment.start);
  const customerZone = appointment.timeZone;
  const inCustomerZone = formats.appointment(start, customerZone);
  // The agent books in the customer's time; their own clock only when it reads differently.
  const agentTime =
    customerZone && customerZone !== formats.timeZone ? formats.appointment(start, formats.timeZone) : undefined;
  const label =
    appointment.status === 'proposed'
      ? msg('Proposed appointment')
      : appointment.status === 'accepted'
        ? msg('Accepted appointment')
        : msg('Declined appointment');
  return html`<dt>${label}</dt>
    <dd class="appointment">
      <time datetime=${appointment.start} dir="auto">${inCustomerZone}</time>${appointment.place ? html`, <bdi>${appointment.place}</bdi>` : nothing}
      ${agentTime ? html`<span class="agent-time">${msg(str`Your time: ${agentTime}`)}</span>` : nothing}
      ${appointment.replaces
        ? html`<span class="replaces"
            >${msg(str`Instead of ${formats.appointment(new Date(appointment.replaces.start), customerZone)}`)}${appointment.replaces.place
              ? html`, ${appointment.replaces.place}`
              : nothing}</span
          >`
        : nothing}
    </dd>`;
}

/**
 * One data element by its field: formatted by type, masked when sensitive (revealed only through
 * `cc-sensitive-value`, which records the reveal), marked when it does not fit its field or is in
 * none of the activity's field sets.
 */
function renderElement(activity: Activity, element: InspectedElement, formats: TimelineFormats): TemplateResult {
  const field = element.definition;
  const label = field ? fieldLabel(element.key, field, formats.locale) : element.key;
  const fits = field !== undefined && element.problem === undefined;
  const shown = displayValue(element.value, field, formats.locale, fits);
  const value = field?.sensitive
    ? html`<cc-sensitive-value
        .value=${shown}
        label=${label}
        audit-label=${englishLabel(element.key, field)}
        field-id=${element.key}
        customer-id=${activity.customerId ?? ''}
        activity-id=${activity.id}
      ></cc-sensitive-value>`
    : html`<bdi dir=${field?.format === 'phone' ? 'ltr' : 'auto'}>${shown}</bdi>`;
  const mark = !field
    ? html` <span class="field-badge">${msg('Not in the field sets')}</span>`
    : element.problem
      ? html` <span class="field-badge">${msg('Does not match its field')}</span> <span class="problem">${problemText(element.problem)}</span>`
      : nothing;
  return html`<dt>${label}</dt><dd class="field">${value}${mark}</dd>`;
}

/** Everything an activity holds beyond its summary line, as a definition list; people's words as text only. */
export function renderDetails(activity: Activity, formats: TimelineFormats, fieldSets: FieldSetRegistry = BASE_FIELD_SET_REGISTRY): TemplateResult {
  const elements = inspectDataElements(activity.fieldsets, activity.dataElements, fieldSets);
  const notes = elements.find((element) => element.key === NOTES_KEY && element.problem === undefined && element.definition && !element.definition.sensitive);
  const others = elements.filter((element) => element !== notes);
  const tags = Array.isArray(activity.tags) ? activity.tags : [];
  return html`<dl>
    <dt>${activity.direction === 'outbound' ? msg('Sent') : activity.direction === 'internal' ? msg('Recorded') : msg('Received')}</dt>
    <dd><time datetime=${activity.created} dir="auto">${formats.dateTime(new Date(activity.created))}</time></dd>
    ${activity.message ? html`<dt>${msg('Message')}</dt><dd class="message" dir="auto">${activity.message}</dd>` : nothing}
    ${notes && typeof notes.value === 'string' && notes.value ? html`<dt>${msg('Notes')}</dt><dd class="notes" dir="auto">${notes.value}</dd>` : nothing}
    ${activity.breadcrumbs?.length
      ? html`<dt>${msg('Pages visited')}</dt>
          <dd>
            <ol class="breadcrumbs">
              ${activity.breadcrumbs.map((page) => html`<li dir="auto">${page}</li>`)}
            </ol>
          </dd>`
      : nothing}
    ${activity.appointment ? renderAppointment(activity.appointment, formats) : nothing}
    ${activity.source ? html`<dt>${msg('Source')}</dt><dd class="source"><bdi>${activity.source}</bdi></dd>` : nothing}
    ${tags.length ? html`<dt>${msg('Tags')}</dt><dd><bdi>${tags.join(', ')}</bdi></dd>` : nothing}
    ${others.map((element) => renderElement(activity, element, formats))}
  </dl>`;
}
