/**
 * A failed assertion's `actual` and `expected` travel to the test runner with the test's result,
 * and the runner copies them with structuredClone: a DOM node (`expect(focused()).to.equal(button)`),
 * a function or a class instance with private state there makes that copy throw, the file's
 * result is never delivered, and the run reports only that the file "did not finish" after its
 * ten-minute limit, with the failure itself lost. Served to every test file by
 * web-test-runner.config.js, this root hook turns such values into text a person can read
 * (an element's markup, shortened) before the result is sent.
 */
const MAX_LENGTH = 500;

export function readable(value: unknown): unknown {
  try {
    structuredClone(value);
    return value;
  } catch {
    if (value instanceof Element) return shorten(value.outerHTML);
    if (value instanceof Node) return shorten(`${value.nodeName}: ${value.textContent ?? ''}`);
    if (typeof value === 'function') return `[function ${value.name || '(anonymous)'}]`;
    if (Array.isArray(value)) return value.map(readable);
    try {
      return shorten(String(value));
    } catch {
      return '[a value that cannot be shown]';
    }
  }
}

function shorten(text: string): string {
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text;
}

afterEach(function makeFailureValuesSendable() {
  const error = this.currentTest?.err as { actual?: unknown; expected?: unknown } | undefined;
  if (!error) return;
  if ('actual' in error) error.actual = readable(error.actual);
  if ('expected' in error) error.expected = readable(error.expected);
});
