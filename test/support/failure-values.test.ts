import { expect } from '@open-wc/testing';
import { readable } from './failure-values.js';

describe('a failed test’s values', () => {
  it('are made copyable for the runner: elements as their markup, nodes, functions and arrays of them', () => {
    const button = document.createElement('button');
    button.textContent = 'Attach';
    const values = [button, document.createTextNode('plain'), function named() {}, [button, 1], 'text', 42, { a: [1] }, undefined];
    for (const value of values) expect(() => structuredClone(readable(value)), String(value)).not.to.throw();
    expect(readable(button)).to.equal('<button>Attach</button>');
    expect(readable(document.createTextNode('plain'))).to.equal('#text: plain');
    expect(readable(function named() {})).to.equal('[function named]');
    expect(readable([button, 1])).to.deep.equal(['<button>Attach</button>', 1]);
    expect(readable({ a: [1] })).to.deep.equal({ a: [1] });
    expect(readable('x'.repeat(600))).to.equal('x'.repeat(600));
    const long = document.createElement('p');
    long.textContent = 'y'.repeat(600);
    expect(readable(long)).to.have.length(501);
  });
});
