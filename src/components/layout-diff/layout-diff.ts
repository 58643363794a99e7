import { localized, msg, str } from '@lit/localize';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DiffRow } from '../../layout/index.js';
import { buttonStyles, hostStyles } from '../../styles/tokens.js';
import { styles } from './layout-diff.styles.js';

interface Side {
  readonly line: number;
  readonly text: string;
}

/** One line of the side-by-side view: the same text on both sides, or a change. */
interface Pair {
  readonly changed: boolean;
  readonly before?: Side;
  readonly after?: Side;
}

/** A run of unchanged pairs folded away, `start` to `end` (exclusive) in the pair list. */
interface Fold {
  readonly start: number;
  readonly end: number;
}

/** Unchanged lines revealed per press, so that a fold of 100,000 lines never renders at once. */
const REVEAL_STEP = 1000;

/**
 * Lines removed beside the lines added at the same place, so each change reads across one row.
 */
function pairRows(rows: readonly DiffRow[]): Pair[] {
  const pairs: Pair[] = [];
  let index = 0;
  while (index < rows.length) {
    const row = rows[index]!;
    if (row.kind === 'same') {
      pairs.push({ changed: false, before: row.before, after: row.after });
      index += 1;
      continue;
    }
    const removed: Side[] = [];
    const added: Side[] = [];
    while (index < rows.length && rows[index]!.kind !== 'same') {
      const change = rows[index]!;
      if (change.kind === 'removed' && change.before) removed.push(change.before);
      if (change.kind === 'added' && change.after) added.push(change.after);
      index += 1;
    }
    for (let i = 0; i < Math.max(removed.length, added.length); i += 1) {
      pairs.push({ changed: true, before: removed[i], after: added[i] });
    }
  }
  return pairs;
}

/** The runs of unchanged pairs further than `context` lines from any change, when worth folding. */
function foldsOf(pairs: readonly Pair[], context: number): Fold[] {
  const folds: Fold[] = [];
  let index = 0;
  while (index < pairs.length) {
    if (pairs[index]!.changed) {
      index += 1;
      continue;
    }
    let end = index;
    while (end < pairs.length && !pairs[end]!.changed) end += 1;
    const start = index === 0 ? 0 : index + context;
    const stop = end === pairs.length ? pairs.length : end - context;
    // Folding fewer than two lines behind a button saves nothing.
    if (stop - start >= 2) folds.push({ start, end: stop });
    index = end;
  }
  return folds;
}

/**
 * A side-by-side view of what changes between two texts, as a table that reads by line, with
 * long unchanged stretches folded behind a button.
 *
 * @csspart table - The table of lines.
 * @cssprop --cc-layout-diff-added-background - Behind added lines.
 * @cssprop --cc-layout-diff-removed-background - Behind removed lines.
 * @cssprop --cc-layout-diff-font-family - Of the lines (monospace by default).
 */
@localized()
@customElement('cc-layout-diff')
export class CcLayoutDiff extends LitElement {
  static override styles = [hostStyles, buttonStyles, styles];

  /** The line diff to show, as `diffLines()` returns it. */
  @property({ attribute: false }) rows: readonly DiffRow[] = [];

  /** Unchanged lines kept in view around each change. */
  @property({ type: Number }) context = 3;

  /** What the table is, before the counts of lines added and removed. */
  @property() caption = '';

  /** Heading of the column with the text before the change. */
  @property({ attribute: 'before-label' }) beforeLabel = '';

  /** Heading of the column with the text after the change. */
  @property({ attribute: 'after-label' }) afterLabel = '';

  @state() private pairs: readonly Pair[] = [];
  @state() private folds: readonly Fold[] = [];
  /** How many lines of each fold (by its start) have been revealed. */
  @state() private revealed: ReadonlyMap<number, number> = new Map();

  private focusAfterUpdate?: number;
  private readonly numbers = new Intl.NumberFormat();

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('rows') || changed.has('context')) {
      this.pairs = pairRows(this.rows);
      this.folds = foldsOf(this.pairs, Math.max(0, this.context));
      this.revealed = new Map();
    }
  }

  protected override updated(): void {
    if (this.focusAfterUpdate === undefined) return;
    const row = this.renderRoot.querySelector<HTMLElement>(`tr[data-pair="${this.focusAfterUpdate}"] > :first-child`);
    this.focusAfterUpdate = undefined;
    row?.focus();
  }

  override render() {
    let added = 0;
    let removed = 0;
    for (const row of this.rows) {
      if (row.kind === 'added') added += 1;
      else if (row.kind === 'removed') removed += 1;
    }
    const counts = msg(str`${this.numbers.format(added)} added, ${this.numbers.format(removed)} removed`);
    const caption = this.caption || msg('Changes');
    return html`<table part="table">
      <caption>
        ${caption} <span class="counts">(${counts})</span>
      </caption>
      <colgroup>
        <col class="number" />
        <col />
        <col class="number" />
        <col />
      </colgroup>
      <thead>
        <tr>
          <th scope="col"><span class="visually-hidden">${msg('Line before')}</span><span aria-hidden="true">#</span></th>
          <th scope="col">${this.beforeLabel || msg('Before')}</th>
          <th scope="col"><span class="visually-hidden">${msg('Line after')}</span><span aria-hidden="true">#</span></th>
          <th scope="col">${this.afterLabel || msg('After')}</th>
        </tr>
      </thead>
      <tbody>
        ${this.renderBody()}
      </tbody>
    </table>`;
  }

  private renderBody() {
    const rendered = [];
    let index = 0;
    for (const fold of this.folds) {
      for (; index < fold.start; index += 1) rendered.push(this.renderPair(index));
      const shown = Math.min(this.revealed.get(fold.start) ?? 0, fold.end - fold.start);
      for (; index < fold.start + shown; index += 1) rendered.push(this.renderPair(index));
      const hidden = fold.end - index;
      if (hidden > 0) rendered.push(this.renderFold(fold, hidden));
      index = fold.end;
    }
    for (; index < this.pairs.length; index += 1) rendered.push(this.renderPair(index));
    return rendered;
  }

  private renderPair(index: number) {
    const pair = this.pairs[index]!;
    return html`<tr data-pair=${index} class=${pair.changed ? 'change' : 'same'}>
      ${this.renderSide(pair, 'before')} ${this.renderSide(pair, 'after')}
    </tr>`;
  }

  private renderSide(pair: Pair, side: 'before' | 'after') {
    const line = pair[side];
    if (!line) return html`<td class="line-number"></td><td class="text empty"></td>`;
    const kind = !pair.changed ? undefined : side === 'before' ? 'removed' : 'added';
    return html`<th scope="row" class="line-number" tabindex="-1">${line.line}</th>
      <td class=${kind ? `text ${kind}` : 'text'}>${kind
          ? html`<span class="marker" aria-hidden="true">${kind === 'added' ? '+' : '−'}</span><span class="visually-hidden"
                >${kind === 'added' ? msg('Added:') : msg('Removed:')}
              </span>`
          : nothing}${line.text}</td>`;
  }

  private renderFold(fold: Fold, hidden: number) {
    const step = Math.min(hidden, REVEAL_STEP);
    const label =
      step === hidden
        ? hidden === 1
          ? msg('Show 1 unchanged line')
          : msg(str`Show ${this.numbers.format(hidden)} unchanged lines`)
        : msg(str`Show ${this.numbers.format(step)} of ${this.numbers.format(hidden)} unchanged lines`);
    return html`<tr class="fold">
      <td colspan="4">
        <button type="button" @click=${() => this.reveal(fold, step, hidden)}>${label}</button>
      </td>
    </tr>`;
  }

  private reveal(fold: Fold, step: number, hidden: number): void {
    const shown = this.revealed.get(fold.start) ?? 0;
    // The button goes once the fold is open: move focus to the first line it revealed.
    if (step === hidden) this.focusAfterUpdate = fold.start + shown;
    this.revealed = new Map(this.revealed).set(fold.start, shown + step);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cc-layout-diff': CcLayoutDiff;
  }
}
