/**
 * Renders a story as Storybook would: the preview's loaders and globals, the component's and the
 * story's args, loaders, decorators and render, then its play function, each time waiting until
 * the page has settled. For tests that check stories.
 */
import { expect } from '@open-wc/testing';
import { waitUntil } from '../support/wait.js';
import { LitElement, render, type TemplateResult } from 'lit';
import preview from '../../.storybook/preview.js';

type Args = Record<string, unknown>;
type Globals = Record<string, unknown>;

export interface StoryContext {
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

export interface Annotations {
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

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const preset = preview as unknown as Annotations & { initialGlobals?: Globals };

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
export async function settle(root: HTMLElement): Promise<void> {
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

/** Renders story `name` of the stories file `file` (its module's default export is `meta`) into `canvas`. */
export async function renderStory(file: string, meta: Annotations, name: string, story: Annotations, canvas: HTMLElement): Promise<StoryContext> {
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
  return context;
}
