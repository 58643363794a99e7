/**
 * The Desktop Layout page under a script's keyboard (scripts/bench.js pastes a 5 MB layout, selects
 * all and pastes again), recording the longest task that held the main thread (the Long Tasks API):
 * the figure behind "nothing may block input for more than 100 ms". With `?bare` the page holds a
 * bare text area instead, the browser's own cost of the same keys, to read the page's figure against.
 */
import '../src/components/layout-builder/layout-builder.js';
import { LAYOUT_NAMESPACE } from '../src/layout/index.js';

declare global {
  interface Window {
    layoutBench?: {
      /** The layout to paste. */
      readonly layout: string;
      /** Starts recording long tasks afresh. */
      reset(): void;
      /** The longest task since the last reset, in milliseconds (0 when none passed 50 ms). */
      longest(): number;
      /** Resolves once the page shows the result for what the text area holds. */
      settled(): Promise<unknown>;
    };
  }
}

/** A layout of about `bytes` characters: many real tabs, as a large contact center's. */
function bigLayout(bytes: number): string {
  const tab = (i: number) =>
    `            <tab>\n                <id>t${i}</id>\n                <label>finesse.tab.${i}</label>\n                <gadgets>\n                    <gadget>/desktop/gadgets/G${i}.xml?a=1&amp;b=2</gadget>\n                </gadgets>\n            </tab>\n`;
  const head = `<finesseLayout xmlns="${LAYOUT_NAMESPACE}">\n    <version>1.0</version>\n    <layout>\n        <role>Agent</role>\n        <page>\n            <gadget>/desktop/gadgets/CallControl.jsp</gadget>\n        </page>\n        <tabs>\n`;
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < bytes; i++) {
    const next = tab(i);
    parts.push(next);
    size += next.length;
  }
  parts.push('        </tabs>\n    </layout>\n</finesseLayout>\n');
  return parts.join('');
}

const params = new URLSearchParams(location.search);
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
let settled: () => Promise<unknown>;
if (params.has('bare')) {
  const area = document.createElement('textarea');
  area.id = 'layout';
  area.setAttribute('aria-label', 'Current layout');
  area.rows = 18;
  area.wrap = 'off';
  area.spellcheck = false;
  document.body.append(area);
  settled = frame;
} else {
  const builder = document.createElement('cc-layout-builder');
  document.body.append(builder);
  settled = () => builder.updateComplete;
}

let longest = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
}).observe({ type: 'longtask', buffered: false });

window.layoutBench = {
  layout: bigLayout((params.has('quick') ? 0.5 : 5) * 1024 * 1024),
  reset: () => void (longest = 0),
  longest: () => longest,
  // The result shown, then two frames painted.
  settled: async () => {
    await settled();
    await frame();
    await frame();
  },
};
