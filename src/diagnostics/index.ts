/** Diagnostics for administrators: the panel, the status summary and report, and the half-hourly status log. */
export { CcDiagnostics } from '../components/diagnostics/diagnostics.js';
export { CONNECTION_STATES, REGISTRATIONS, connectionStateOf, isRegistration, type ConnectionState, type ConnectionInput, type Registration } from './connection-state.js';
export { summarize, lastErrorOf, redactBackendName, redactText, type StatusSummary, type OperationSummary, type ErrorSummary, type SummaryContext } from './summary.js';
export { formatReport } from './report.js';
export { connectionLabel, diagnosticCause } from './wording.js';
export {
  StatusLog,
  consoleLogger,
  formatStatusLine,
  nextHalfHour,
  SYSTEM_CLOCK,
  STATUS_LOG_MINUTES,
  STATUS_LOG_MAX_WAIT_MS,
  type Clock,
  type DiagnosticsLogger,
  type StatusLogOptions,
} from './status-log.js';
