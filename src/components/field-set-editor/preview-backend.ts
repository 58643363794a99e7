import type {
  ActivityPage,
  BackendStatus,
  ContextBackend,
  CustomerMatch,
  OperationOptions,
  Unsubscribe,
} from '../../backend/adapter.js';
import { DEFAULT_CUSTOMER_FIELD_SETS, type Customer, type CustomerInput, type CustomerPatch } from '../../model/customer.js';
import { ForbiddenError, NotFoundError } from '../../model/errors.js';
import type { Activity, Request } from '../../model/index.js';

/**
 * What the editor's preview saves to: nothing. A customer created or changed in the preview is
 * echoed back (the summary then shows it as the gadget would), and kept only in memory.
 */
export class PreviewBackend implements ContextBackend {
  private customer?: Customer;

  async findCustomers(): Promise<readonly CustomerMatch[]> {
    return [];
  }

  async getCustomer(id: string): Promise<Customer> {
    if (this.customer?.id !== id) throw new NotFoundError('customer', id);
    return this.customer;
  }

  async createCustomer(input: CustomerInput): Promise<Customer> {
    const now = new Date().toISOString();
    this.customer = {
      id: 'preview',
      state: 'active',
      tags: [...(input.tags ?? [])],
      contributors: [],
      fieldsets: [...(input.fieldsets ?? DEFAULT_CUSTOMER_FIELD_SETS)],
      dataElements: { ...(input.dataElements as Customer['dataElements']) },
      created: now,
      lastUpdated: now,
      version: 1,
    };
    return this.customer;
  }

  async updateCustomer(id: string, patch: CustomerPatch): Promise<Customer> {
    const current = await this.getCustomer(id);
    const dataElements = { ...current.dataElements };
    for (const [key, value] of Object.entries(patch.dataElements ?? {})) {
      if (value === null || value === undefined || value === '') delete dataElements[key];
      else dataElements[key] = value as Customer['dataElements'][string];
    }
    this.customer = {
      ...current,
      fieldsets: [...(patch.fieldsets ?? current.fieldsets)],
      tags: [...(patch.tags ?? current.tags)],
      dataElements,
      version: current.version + 1,
      lastUpdated: new Date().toISOString(),
    };
    return this.customer;
  }

  async deleteCustomer(): Promise<void> {
    throw new ForbiddenError('The preview deletes nothing');
  }

  async listActivities(): Promise<ActivityPage> {
    return { activities: [] };
  }

  async getActivity(id: string): Promise<Activity> {
    throw new NotFoundError('activity', id);
  }

  async createActivity(): Promise<Activity> {
    throw new ForbiddenError('The preview records no activities');
  }

  async updateActivity(id: string): Promise<Activity> {
    throw new NotFoundError('activity', id);
  }

  async deleteActivity(): Promise<void> {
    throw new ForbiddenError('The preview deletes nothing');
  }

  async getRequest(id: string): Promise<Request> {
    throw new NotFoundError('request', id);
  }

  async createRequest(): Promise<Request> {
    throw new ForbiddenError('The preview records no requests');
  }

  async listRequests(): Promise<readonly Request[]> {
    return [];
  }

  subscribe(): Unsubscribe {
    return () => undefined;
  }

  async status(_options?: OperationOptions): Promise<BackendStatus> {
    return { reachable: true, latencyMs: 0, labMode: false, backend: 'Preview (nothing is saved)', operations: {} };
  }

  close(): void {}
}
