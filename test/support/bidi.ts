/**
 * Where text is drawn, to tell whether a value reads in its own direction: a phone number read
 * backwards in a right-to-left page has its "+" drawn at the right, after the last digits.
 */

/** The left edge of the first character of `part`, as drawn inside `root` (its first text node holding it). */
export function leftOf(root: Node, part: string): number {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent!.indexOf(part);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + [...part][0]!.length);
    return range.getBoundingClientRect().left;
  }
  throw new Error(`No "${part}" drawn in ${(root as Element).outerHTML ?? root.nodeName}`);
}

/** Whether the parts are drawn in this order from left to right. */
export function drawnLeftToRight(root: Node, ...parts: string[]): boolean {
  const lefts = parts.map((part) => leftOf(root, part));
  return lefts.every((left, index) => index === 0 || lefts[index - 1]! < left);
}
