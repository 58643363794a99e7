// Line diff for showing an administrator exactly what a change does (Myers' O(ND) algorithm).
import type { DiffRow } from './types.js';

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The rows of a line-by-line comparison; line numbers are 1-based. */
export function diffLines(before: string, after: string): DiffRow[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;

  const kinds: Kind[] = [];
  for (let i = 0; i < prefix; i++) kinds.push('same');
  for (const [kind] of middle(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix))) kinds.push(kind);
  for (let k = 0; k < suffix; k++) kinds.push('same');
  slide(kinds, 'added', b);
  slide(kinds, 'removed', a);

  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  for (const kind of kinds) {
    if (kind === 'same') rows.push({ kind, before: { line: i + 1, text: a[i++]! }, after: { line: j + 1, text: b[j++]! } });
    else if (kind === 'removed') rows.push({ kind, before: { line: i + 1, text: a[i++]! } });
    else rows.push({ kind, after: { line: j + 1, text: b[j++]! } });
  }
  return rows;
}

type Kind = 'same' | 'removed' | 'added';

/**
 * An inserted block can often sit a few lines higher or lower with the same meaning (a new
 * `<tab>…</tab>` after `…</tab>`). Move each run of `kind` rows to where its first line is
 * least indented, lowest on ties, so the diff shows whole elements.
 */
function slide(kinds: Kind[], kind: Kind, lines: readonly string[]): void {
  const indent = (text: string | undefined) => (text === undefined ? Infinity : text.length - text.trimStart().length);
  // index into `lines` of each row, for rows that have a line on that side
  const lineAt: number[] = [];
  let n = 0;
  for (const k of kinds) lineAt.push(k === 'same' || k === kind ? n++ : -1);
  let s = 0;
  while (s < kinds.length) {
    if (kinds[s] !== kind) {
      s++;
      continue;
    }
    let e = s;
    while (e < kinds.length && kinds[e] === kind) e++;
    // Up while the row above is a shared line equal to the run's last line.
    while (s > 0 && kinds[s - 1] === 'same' && lines[lineAt[s - 1]!] === lines[lineAt[e - 1]!]) {
      kinds[s - 1] = kind;
      kinds[e - 1] = 'same';
      s--;
      e--;
    }
    let bestS = s;
    let bestIndent = indent(lines[lineAt[s]!]);
    while (e < kinds.length && kinds[e] === 'same' && lines[lineAt[e]!] === lines[lineAt[s]!]) {
      kinds[s] = 'same';
      kinds[e] = kind;
      s++;
      e++;
      const current = indent(lines[lineAt[s]!]);
      if (current <= bestIndent) {
        bestIndent = current;
        bestS = s;
      }
    }
    while (s > bestS) {
      kinds[s - 1] = kind;
      kinds[e - 1] = 'same';
      s--;
      e--;
    }
    s = e;
  }
}

type Step = ['same' | 'removed' | 'added', number, number];

function middle(a: readonly string[], b: readonly string[]): Step[] {
  const n = a.length;
  const m = b.length;
  if (!n) return b.map((_, j): Step => ['added', 0, j]);
  if (!m) return a.map((_, i): Step => ['removed', i, 0]);
  const max = n + m;
  const offset = max;
  let v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    // Past this the saved frontiers would take too much memory: show the block as replaced.
    if ((d + 1) * v.length > 16_000_000) return [...a.map((_, i): Step => ['removed', i, 0]), ...b.map((_, j): Step => ['added', 0, j])];
    trace.push(v.slice());
    const next = v;
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
    v = next;
  }
  trace.push(v.slice());
  // Walk back through the saved frontiers.
  const steps: Step[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d--) {
    const frontier = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : frontier[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) steps.push(['same', --x, --y]);
    if (d === 0) break;
    if (down) steps.push(['added', x, --y]);
    else steps.push(['removed', --x, y]);
  }
  while (x > 0 && y > 0) steps.push(['same', --x, --y]);
  return steps.reverse();
}
