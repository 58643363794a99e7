import { Task, TaskStatus } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';
import type { ContextBackend } from '../../backend/adapter.js';
import type { Customer } from '../../model/customer.js';

/** The gadget, whose `customerId` is the customer open ('' for none). */
export interface CustomerHost extends ReactiveControllerHost {
  readonly customerId: string;
}

/** The customer open, read here because the summary shows a customer, not an id. */
export class ShownCustomer {
  readonly task: Task<readonly [ContextBackend | undefined, string], Customer | undefined>;

  constructor(
    private readonly host: CustomerHost,
    backend: () => ContextBackend | undefined,
  ) {
    this.task = new Task(host, {
      args: () => [backend(), host.customerId] as const,
      task: async ([current, customerId], { signal }) => (current && customerId ? current.getCustomer(customerId, { signal }) : undefined),
    });
  }

  /**
   * The customer to show: the one loaded, or while it reloads or the store fails, the one shown
   * before (so that what the agent was reading stays, marked stale).
   */
  get customer(): Customer | undefined {
    const customer = this.task.value;
    return customer && customer.id === this.host.customerId ? customer : undefined;
  }

  /** Why the customer could not be read. */
  get error(): unknown {
    return this.task.status === TaskStatus.ERROR ? this.task.error : undefined;
  }

  /** The customer is being read, and none is shown meanwhile. */
  get waiting(): boolean {
    return this.task.status === TaskStatus.PENDING && !this.customer;
  }

  /** Whether `customerId` is the customer open, once their record has been read and rendered. */
  async showing(customerId: string): Promise<boolean> {
    await this.task.taskComplete.catch(() => undefined);
    await this.host.updateComplete;
    return this.host.customerId === customerId;
  }
}
