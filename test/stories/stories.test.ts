/**
 * Every story, rendered as Storybook would (the preview's loaders and globals, the story's loaders,
 * decorators, render and play), must pass axe: designers see these states, and so do agents.
 */
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { expect, waitUntil } from '@open-wc/testing';
import { LitElement, render, type TemplateResult } from 'lit';
import preview from '../../.storybook/preview.js';
import { setLocale } from '../../src/localization.js';
import * as appointmentPop from '../../stories/appointment-pop.stories.js';
import * as customerContext from '../../stories/customer-context.stories.js';
import * as customerSearch from '../../stories/customer-search.stories.js';
import * as customerSummary from '../../stories/customer-summary.stories.js';
import * as diagnostics from '../../stories/diagnostics.stories.js';
import * as fieldSetEditor from '../../stories/field-set-editor.stories.js';
import * as journeyTimeline from '../../stories/journey-timeline.stories.js';
import * as layoutBuilder from '../../stories/layout-builder.stories.js';
import * as noteComposer from '../../stories/note-composer.stories.js';

type Args = Record<string, unknown>;
type Globals = Record<string, unknown>;

interface StoryContext {
  args: Args;
  globals: Globals;
  loaded: Record<string, unknown>;
  canvasElement: HTMLElement;
  parameters: Record<string, unknown>;
  id: string;
  name: string;
  title: string;
  step: (name: string, play: () => Promise<void>) => Promise<void>;
}

type Loader = (context: StoryContext) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;
type Render = (args: Args, context: StoryContext) => TemplateResult | Node | string;
type Decorator = (story: () => unknown, context: StoryContext) => unknown;

interface Annotations {
  args?: Args;
  globals?: Globals;
  loaders?: Loader | Loader[];
  decorators?: Decorator | Decorator[];
  render?: Render;
  parameters?: Record<string, unknown>;
  play?: (context: StoryContext) => Promise<void> | void;
  title?: string;
  name?: string;
}

const FILES: Record<string, Record<string, unknown>> = {
  'appointment-pop': appointmentPop,
  'customer-context': customerContext,
  'customer-search': customerSearch,
  'customer-summary': customerSummary,
  diagnostics,
  'field-set-editor': fieldSetEditor,
  'journey-timeline': journeyTimeline,
  'layout-builder': layoutBuilder,
  'note-composer': noteComposer,
};

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Every Lit element under `root`, shadow roots included. */
function litElements(root: ParentNode): LitElement[] {
  const found: LitElement[] = [];
  for (const element of root.querySelectorAll('*')) {
    if (element instanceof LitElement) found.push(element);
    if (element.shadowRoot) found.push(...litElements(element.shadowRoot));
  }
  return found;
}

/** Waits until no element has an update pending for a few frames in a row: the story has settled. */
async function settle(root: HTMLElement): Promise<void> {
  let quietFrames = 0;
  await waitUntil(
    async () => {
      const elements = litElements(root);
      await Promise.all(elements.map((element) => element.updateComplete));
      await new Promise((resolve) => setTimeout(resolve, 50));
      quietFrames = elements.some((element) => element.isUpdatePending) ? 0 : quietFrames + 1;
      return quietFrames >= 3;
    },
    'the story did not settle',
    { timeout: 30_000, interval: 10 },
  );
}

// The virtualizer's benign "ResizeObserver loop" notice is not a failure of the story.
setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);

const preset = preview as unknown as Annotations & { initialGlobals?: Globals };

for (const [file, module] of Object.entries(FILES)) {
  const meta = module['default'] as Annotations;
  describe(`stories/${file}.stories.ts`, () => {
    let canvas: HTMLElement;

    beforeEach(() => {
      canvas = document.createElement('div');
      document.body.append(canvas);
    });

    afterEach(async () => {
      render(null, canvas);
      canvas.remove();
      document.documentElement.dir = 'ltr';
      document.documentElement.style.colorScheme = '';
      await setLocale('en');
    });

    for (const [name, value] of Object.entries(module)) {
      if (name === 'default' || typeof value !== 'object' || value === null) continue;
      const story = value as Annotations;

      it(`${name} renders and passes axe`, async function () {
        this.timeout(120_000);
        const context: StoryContext = {
          args: { ...meta.args, ...story.args },
          globals: { ...preset.initialGlobals, ...meta.globals, ...story.globals },
          loaded: {},
          canvasElement: canvas,
          parameters: { ...preset.parameters, ...meta.parameters, ...story.parameters },
          id: `${file}--${name}`,
          name,
          title: meta.title ?? file,
          step: async (_label, play) => play(),
        };
        for (const loader of [...list(preset.loaders), ...list(meta.loaders), ...list(story.loaders)]) {
          Object.assign(context.loaded, (await loader(context)) ?? {});
        }
        const draw = story.render ?? meta.render;
        expect(draw, `${name} has a render function`).to.be.a('function');
        let storyFn = (): unknown => draw!(context.args, context);
        // Storybook wraps the story's own decorators first, then the component's.
        for (const decorator of [...list(story.decorators), ...list(meta.decorators)]) {
          const inner = storyFn;
          storyFn = () => decorator(inner, context);
        }
        render(storyFn(), canvas);
        await settle(canvas);
        if (story.play) {
          await story.play(context);
          await settle(canvas);
        }
        expect(canvas.childElementCount, 'the story shows something').to.be.greaterThan(0);
        await expect(canvas).to.be.accessible();
      });
    }
  });
}
