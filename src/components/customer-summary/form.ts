/**
 * The edit and create form's code: what the summary loads when a form first opens, since most
 * sessions only read customers (see `loadForm` in customer-summary.ts).
 */
export { renderSummaryForm } from './form-fields.js';
export { createJob, updateJob, valuesOf } from './form-values.js';
