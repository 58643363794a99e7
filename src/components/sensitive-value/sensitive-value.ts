import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ContextBackend } from '../../backend/adapter.js';
import { backendContext } from '../../contexts/backend-context.js';
import { NO_SENSITIVE_ACCESS, sensitiveAccessContext, type SensitiveAccess } from '../../contexts/sensitive-access-context.js';
import { SensitiveRevealEvent } from '../../events/sensitive-reveal.js';
import { MASK, revealAuditActivity } from '../../model/masking.js';
import { hostStyles } from '../../styles/tokens.js';
import { errorCause } from '../context-error/error-cause.js';
import { styles } from './sensitive-value.styles.js';

/**
 * A sensitive field's value, masked. An agent the host allows (see `sensitiveAccessContext`) can
 * reveal it; each reveal is first recorded as an activity of the customer, and the value shows
 * only once the record is stored. Hiding it again needs no record.
 *
 * @fires cc-sensitive-reveal - A reveal was recorded and the value is shown.
 * @csspart error - Why a reveal could not be recorded.
 * @cssprop --cc-sensitive-value-mask-color - Of the mask.
 */
@localized()
@customElement('cc-sensitive-value')
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

  private readonly revealTask = new Task<readonly [], string>(this, {
    autoRun: false,
    task: async (_args, { signal }) => {
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
      return recorded.id;
    },
    onComplete: (auditActivityId) => {
      this.revealed = true;
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
  }

  override render() {
    if (this.revealed) {
      return html`<span class="value">${this.value}</span>
        <button type="button" aria-label=${msg(str`Hide ${this.label}`)} @click=${this.handleHide}>${msg('Hide')}</button>`;
    }
    const pending = this.revealTask.status === TaskStatus.PENDING;
    const failed = this.revealTask.status === TaskStatus.ERROR;
    return html`<span class="mask" aria-hidden="true">${MASK}</span><span class="visually-hidden">${msg('Hidden')}</span>
      ${this.mayReveal
        ? html`<button type="button" aria-label=${msg(str`Reveal ${this.label}`)} ?disabled=${pending} @click=${this.handleReveal}>
            ${pending ? msg('Revealing…') : msg('Reveal')}
          </button>`
        : nothing}
      ${failed
        ? html`<p part="error" role="alert">${msg('The reveal could not be recorded, so the value stays hidden.')} ${errorCause(this.revealTask.error)}.</p>`
        : nothing}`;
  }

  /** Whether this agent may reveal: granted by the host, with an identity to record, for a known customer. */
  private get mayReveal(): boolean {
    return this.access.canReveal && this.access.agent !== undefined && this.customerId !== '' && this.backend !== undefined;
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
