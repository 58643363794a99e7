// The gadget's date reader (chrono-node) carries a table of some 200 time-zone abbreviations. The
// screen-pop reads appointments that customers write, with a zone only when they name a common one,
// so the gadget's bundle keeps these and drops the rest (about 1 KB min+gzip of every Finesse
// session). The library and the tests use chrono-node whole.

/** North American, universal, British and central European abbreviations, as customers write them. */
export const KEPT_TIMEZONES = [
  'UTC', 'GMT',
  'EST', 'EDT', 'ET', 'CST', 'CDT', 'CT', 'MST', 'MDT', 'MT', 'PST', 'PDT', 'PT', 'AKST', 'AKDT', 'HST',
  'BST', 'CET', 'CEST',
];

/**
 * chrono-node's `timezone.js` with only the `keep` entries of its `TIMEZONE_ABBR_MAP`. Throws when
 * the file is not laid out as expected (a new chrono-node): the build then says so, rather than ship
 * a table it did not understand.
 */
export function trimTimezones(source, keep = KEPT_TIMEZONES) {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => line.startsWith('export const TIMEZONE_ABBR_MAP = {'));
  const end = lines.findIndex((line, index) => index > start && line === '};');
  if (start < 0 || end < 0) throw new Error('chrono-node/dist/esm/timezone.js: no TIMEZONE_ABBR_MAP = { … }; as expected');
  const kept = [];
  let entry;
  for (const line of lines.slice(start + 1, end)) {
    const key = /^ {4}([A-Za-z]+): /.exec(line)?.[1];
    if (key !== undefined) entry = { key, lines: [] };
    else if (!/^ {5,}\S|^ {4}\},$/.test(line)) throw new Error(`chrono-node/dist/esm/timezone.js: unexpected line in TIMEZONE_ABBR_MAP: ${line}`);
    if (!entry) throw new Error('chrono-node/dist/esm/timezone.js: TIMEZONE_ABBR_MAP does not start with an entry');
    entry.lines.push(line);
    const closes = key !== undefined ? line.endsWith(',') && !line.endsWith('{') : line === '    },';
    if (closes) {
      if (keep.includes(entry.key)) kept.push(...entry.lines);
      entry = undefined;
    }
  }
  if (entry) throw new Error(`chrono-node/dist/esm/timezone.js: entry ${entry.key} does not end`);
  return [...lines.slice(0, start + 1), ...kept, ...lines.slice(end)].join('\n');
}
