import { msg, str } from '@lit/localize';
import type { StatusSummary } from './summary.js';
import { connectionLabel, diagnosticCause, operationHeaders } from './wording.js';

/**
 * The plain-text report an administrator pastes into a support ticket: labels in the current
 * locale, with the stable codes (state, error, operation names) and ISO times beside them so that
 * support reads any language. Built from a summary, so it holds no customer data.
 */
export function formatReport(summary: StatusSummary): string {
  const lines = [
    msg('Customer Context diagnostics'),
    msg(str`Taken at: ${summary.at}`),
    msg(str`Connection: ${connectionLabel(summary.state, summary.registration)} (${summary.state})`),
    ...(summary.registration ? [msg(str`Registration reported by the host: ${summary.registration}`)] : []),
    summary.reachable ? msg('Reachable: yes') : msg('Reachable: no'),
    msg(str`Probe latency: ${plain(summary.latencyMs)} ms`),
    msg(str`Backend: ${summary.backend}`),
    summary.timeoutMs === undefined ? msg('Timeout: not set by the host (the backend’s own)') : msg(str`Timeout: ${summary.timeoutMs} ms`),
    summary.labMode ? msg('Lab mode: on') : msg('Lab mode: off'),
    msg(str`Calls: ${summary.totals.count}, errors: ${summary.totals.errors}`),
    summary.lastError
      ? msg(
          str`Last error: ${summary.lastError.code} in ${summary.lastError.operation} at ${summary.lastError.at}: ${diagnosticCause(summary.lastError.code)}`,
        )
      : msg('Last error: none'),
    '',
  ];
  const headers = operationHeaders();
  const rows = [
    [headers.operation, headers.count, headers.errors, headers.p50, headers.p95],
    ...summary.operations.map(({ operation, count, errors, p50Ms, p95Ms }) => [
      operation,
      String(count),
      String(errors),
      p50Ms === undefined ? '-' : plain(p50Ms),
      plain(p95Ms),
    ]),
  ];
  if (summary.operations.length === 0) lines.push(msg('No operation has been called yet.'));
  else lines.push(...table(rows));
  return `${lines.join('\n')}\n`;
}

/** A number as support reads it anywhere: at most one decimal, a point, no grouping. */
function plain(ms: number): string {
  return String(Math.round(ms * 10) / 10);
}

/** Columns padded to line up in a fixed-width font: the first to the left, the figures to the right. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd());
}
