import { expect } from '@open-wc/testing';
import { STOCK_LAYOUT, addContextTab, diffLines } from '../../src/layout/index.js';

describe('diffLines', () => {
  it('shows an added tab as one block of whole lines, starting at <tab>', () => {
    const after = addContextTab(STOCK_LAYOUT, { roles: 'all' }).xml!;
    const rows = diffLines(STOCK_LAYOUT, after);
    const added = rows.filter((r) => r.kind === 'added');
    expect(rows.filter((r) => r.kind === 'removed')).to.deep.equal([]);
    expect(added).to.have.length(24);
    const starts = rows.flatMap((r, i) => (r.kind === 'added' && rows[i - 1]?.kind !== 'added' ? [r.after!.text.trim()] : []));
    expect(starts).to.deep.equal(['<tab>', '<tab>']);
    expect(rows.filter((r) => r.kind !== 'removed').map((r) => r.after!.text).join('\n')).to.equal(after.replace(/\n$/, ''));
    expect(rows.filter((r) => r.kind !== 'added').map((r) => r.before!.text).join('\n')).to.equal(STOCK_LAYOUT.replace(/\n$/, ''));
  });

  it('numbers lines on both sides and reads CRLF, LF and CR alike', () => {
    expect(diffLines('a\r\nb\r\nc\r\n', 'a\nx\nc')).to.deep.equal([
      { kind: 'same', before: { line: 1, text: 'a' }, after: { line: 1, text: 'a' } },
      { kind: 'removed', before: { line: 2, text: 'b' } },
      { kind: 'added', after: { line: 2, text: 'x' } },
      { kind: 'same', before: { line: 3, text: 'c' }, after: { line: 3, text: 'c' } },
    ]);
    expect(diffLines('', '')).to.deep.equal([]);
    expect(diffLines('', 'a\rb').map((r) => r.kind)).to.deep.equal(['added', 'added']);
  });

  it('finds a shortest edit for scattered changes', () => {
    const before = 'a b c d e f g'.split(' ').join('\n');
    const after = 'a c d x e g h'.split(' ').join('\n');
    const rows = diffLines(before, after);
    expect(rows.filter((r) => r.kind === 'same').map((r) => r.before!.text)).to.deep.equal(['a', 'c', 'd', 'e', 'g']);
    expect(rows.filter((r) => r.kind !== 'same')).to.have.length(4);
  });
});
