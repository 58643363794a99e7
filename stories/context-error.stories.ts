import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/components/context-error/context-error.js';
import {
  ForbiddenError,
  InvalidResponseError,
  NotRegisteredError,
  TimeoutError,
  UnauthenticatedError,
  UnavailableError,
} from '../src/model/errors.js';

/** Each failure the element explains in its own words, by the name the story's control offers. */
const ERRORS = {
  timeout: () => new TimeoutError('listActivities', 1200),
  unavailable: () => new UnavailableError('socket closed'),
  'invalid-response': () => new InvalidResponseError('Expected JSON, got text/html'),
  'not-registered': () => new NotRegisteredError(),
  forbidden: () => new ForbiddenError('Only a supervisor may read this customer'),
  unauthenticated: () => new UnauthenticatedError(),
  unexpected: () => new Error('Cannot read properties of undefined'),
} as const;
type ErrorKind = keyof typeof ERRORS;

interface Args {
  error: ErrorKind;
  busy: boolean;
}

const meta: Meta<Args> = {
  title: 'Components/Context error',
  component: 'cc-context-error',
  args: { error: 'timeout', busy: false },
  argTypes: {
    error: { control: 'select', options: Object.keys(ERRORS) },
    busy: { control: 'boolean' },
  },
  render: ({ error, busy }) =>
    html`<div style="max-width: 40rem"><cc-context-error .error=${ERRORS[error]()} ?busy=${busy}></cc-context-error></div>`,
};
export default meta;

type Story = StoryObj<Args>;

/** The store did not answer in time: how long it waited, and Retry. */
export const Timeout: Story = {};

/** The store cannot be reached at all (the network, or the server is down). */
export const Unavailable: Story = { args: { error: 'unavailable' } };

/** The store answered, but not with anything the gadget can read. */
export const InvalidResponse: Story = { name: 'Invalid response', args: { error: 'invalid-response' } };

/** Finesse has not registered the gadget with the context store. */
export const NotRegistered: Story = { name: 'Not registered', args: { error: 'not-registered' } };

/** The store refused this agent the customer's data. */
export const Forbidden: Story = { args: { error: 'forbidden' } };

/** The store did not take the agent's sign-in. */
export const Unauthenticated: Story = { args: { error: 'unauthenticated' } };

/** Anything else thrown: the agent is told something went wrong, not the program's message. */
export const Unexpected: Story = { args: { error: 'unexpected' } };

/** Retry pressed: "Retrying…", the button still focusable but doing nothing until the answer. */
export const Retrying: Story = { args: { busy: true } };

/** The error has taken the place of what had the focus: the keyboard is on Retry. */
export const RetryFocused: Story = {
  name: 'Retry focused',
  play: async ({ canvasElement }) => {
    const element = canvasElement.querySelector('cc-context-error');
    await element?.updateComplete;
    element?.focus();
  },
};

/** In French, from the toolbar's locale. */
export const French: Story = { globals: { locale: 'fr' } };

export const Dark: Story = {
  decorators: [(story) => html`<div style="color-scheme: dark; background: #1c1b1f; color: #e6e1e5; padding: 1rem">${story()}</div>`],
};
