import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { sensitiveFieldGuard, type ContextBackend } from '../../backend/adapter.js';
import { backendContext } from '../../contexts/backend-context.js';
import { NO_SENSITIVE_ACCESS, sensitiveAccessContext, type SensitiveAccess } from '../../contexts/sensitive-access-context.js';
import { SensitiveRevealEvent } from '../../events/sensitive-reveal.js';
import { ContextError } from '../../model/errors.js';
import { MASK, revealAuditActivity } from '../../model/masking.js';
import { hostStyles } from '../../styles/tokens.js';
import { errorCause } from '../context-error/error-cause.js';
import { styles } from './sensitive-value.styles.js';

/**
 * A sensitive field's value, masked. An agent the host allows (see `sensitiveAccessContext`) can
 * reveal it; each reveal is first recorded as an activity of the customer, and the value shows
 * only once the record is stored. Hiding it again needs no record. On a backend that guards
 * sensitive fields itself (a shared server, which masks them in every answer), the server
 * decides: the host's grant counts for nothing, the reveal is the server's (it records it and
 * answers the value), and a refusal says so.
 *
 * @fires cc-sensitive-reveal - A reveal was recorded and the value is shown.
 * @csspart error - Why a reveal could not be recorded.
 * @cssprop --cc-sensitive-value-mask-color - Of the mask.
 */
@customElement('cc-sensitive-value')
@localized()
export class CcSensitiveValue extends LitElement {
  static override styles = [hostStyles, styles];

  /** The value as it is to be read once revealed (already formatted). Never rendered while masked. */
  @property({ attribute: false }) value = '';

  /** The field's label in the agent's language, for the buttons' accessible names. */
  @property() label = '';

  /** The field's English label, for the audit record. */
  @property({ attribute: 'audit-label' }) auditLabel = '';

  @property({ attribute: 'field-id' }) fieldId = '';

  /** The customer whose journey records the reveal. Without one, the value cannot be revealed. */
  @property({ attribute: 'customer-id' }) customerId = '';

  /** The activity the field belongs to, when not the customer's own. */
  @property({ attribute: 'activity-id' }) activityId?: string;

  @consume({ context: backendContext, subscribe: true })
  @state()
  private backend?: ContextBackend;

  @consume({ context: sensitiveAccessContext, subscribe: true })
  @state()
  private access: SensitiveAccess = NO_SENSITIVE_ACCESS;

  @state() private revealed = false;

  /** The value the backend's guard answered: shown instead of `value`, which a guarded backend masks. */
  @state() private guardedValue?: string;

  /** Whether the backend's guard lets this caller reveal: its verdict, not the host's. */
  private readonly verdictTask = new Task(this, {
    args: () => [sensitiveFieldGuard(this.backend)] as const,
    task: async ([guard], { signal }) => (guard ? (await guard.identity({ signal })).canReveal : undefined),
  });

  private readonly revealTask = new Task<readonly [], { readonly auditActivityId: string; readonly value?: string }>(this, {
    autoRun: false,
    task: async (_args, { signal }) => {
      const guard = sensitiveFieldGuard(this.backend);
      if (guard) {
        const answer = await guard.revealField(this.customerId, this.fieldId, { signal, ...(this.activityId ? { activityId: this.activityId } : {}) });
        return { auditActivityId: answer.auditActivityId, value: answer.value === null ? '' : String(answer.value) };
      }
      const agent = this.access.agent;
      if (!this.backend || !agent) throw new Error(msg('Not connected to the context store yet.'));
      const audit = revealAuditActivity({
        customerId: this.customerId,
        fieldId: this.fieldId,
        fieldLabel: this.auditLabel || this.label || this.fieldId,
        agent,
        ...(this.activityId ? { activityId: this.activityId } : {}),
      });
      const recorded = await this.backend.createActivity(audit, { signal });
      return { auditActivityId: recorded.id };
    },
    onComplete: ({ auditActivityId, value }) => {
      this.revealed = true;
      this.guardedValue = value;
      this.dispatchEvent(
        new SensitiveRevealEvent({
          fieldId: this.fieldId,
          customerId: this.customerId,
          auditActivityId,
          ...(this.activityId ? { activityId: this.activityId } : {}),
        }),
      );
      void this.focusButton();
    },
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A value of another field or customer starts masked again.
    if (changed.has('fieldId') || changed.has('customerId') || changed.has('activityId')) this.revealed = false;
    if (this.revealed && !this.mayReveal) this.revealed = false;
    if (!this.revealed) this.guardedValue = undefined;
  }

  override render() {
    if (this.revealed) {
      return html`<span class="value" dir="auto">${this.guardedValue ?? this.value}</span>
        <button type="button" aria-label=${msg(str`Hide ${this.label}`)} @click=${this.handleHide}>${msg('Hide')}</button>`;
    }
    const pending = this.revealTask.status === TaskStatus.PENDING;
    const failed = this.revealTask.status === TaskStatus.ERROR;
    return html`<span class="mask" aria-hidden="true">${MASK}</span><span class="visually-hidden">${msg('Hidden')}</span>
      ${this.mayReveal
        ? html`<button
            type="button"
            aria-label=${pending ? msg(str`Revealing ${this.label}…`) : msg(str`Reveal ${this.label}`)}
            aria-disabled=${pending ? 'true' : 'false'}
            @click=${this.handleReveal}
          >
            ${pending ? msg('Revealing…') : msg('Reveal')}
          </button>`
        : nothing}
      ${failed ? html`<p part="error" role="alert">${this.failure()}</p>` : nothing}`;
  }

  private failure() {
    const error = this.revealTask.error;
    if (sensitiveFieldGuard(this.backend) && error instanceof ContextError && error.code === 'forbidden') {
      return msg('Your role does not allow revealing this field, so it stays hidden.');
    }
    return html`${msg('The reveal could not be recorded, so the value stays hidden.')} ${errorCause(error)}.`;
  }

  /**
   * Whether this agent may reveal, for a known customer: as the backend's guard says when it has
   * one; else as the host grants, with an identity to record.
   */
  private get mayReveal(): boolean {
    if (this.customerId === '' || this.backend === undefined) return false;
    if (sensitiveFieldGuard(this.backend)) return this.verdictTask.value === true;
    return this.access.canReveal && this.access.agent !== undefined;
  }

  private async focusButton(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector('button')?.focus();
  }

  private handleReveal = () => {
    if (this.revealTask.status === TaskStatus.PENDING || !this.mayReveal) return;
    void this.revealTask.run([]);
  };

  private handleHide = () => {
    this.revealed = false;
    void this.focusButton();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-sensitive-value': CcSensitiveValue;
  }
}
