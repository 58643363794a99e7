import type { ActivityChange } from '../adapter.js';
import { deepEqual, equal, eventually, show } from './assert.js';
import { createPerson } from './fixtures.js';
import type { ContractCase } from './types.js';

const group = 'subscriptions';

/**
 * How long a case waits for a change to reach a subscriber before it fails: generous, so that a
 * loaded machine cannot fail it; a change that arrives ends the wait at once.
 */
const DELIVERY_MS = 15_000;

function summary(changes: readonly ActivityChange[]): string {
  return show(changes.map((change) => `${change.kind} ${change.activityId}`));
}

/** subscribe: live changes to one customer's journey. */
export const SUBSCRIPTION_CASES: readonly ContractCase[] = [
  {
    group,
    name: 'hears created and updated activities of that customer only',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const other = await createPerson(backend, 'Sam', 'Okafor');
      const heard: ActivityChange[] = [];
      const unsubscribe = backend.subscribe(customer.id, (change) => heard.push(change));
      try {
        // The other customer's activity is written first: once ours has been heard, theirs would have been too.
        await backend.createActivity({ customerId: other.id, title: 'Not Jordan\'s' });
        const created = await backend.createActivity({ customerId: customer.id, title: 'Chat' });
        await eventually(() => heard.some((c) => c.activityId === created.id), DELIVERY_MS, `no "created" change heard for ${created.id}`);
        const updated = await backend.updateActivity(created.id, { expectedVersion: 1, title: 'Chat about brakes' });
        await eventually(
          () => heard.some((c) => c.kind === 'updated' && c.activityId === created.id),
          DELIVERY_MS,
          `no "updated" change heard; heard ${summary(heard)}`,
        );
        for (const change of heard) equal(change.customerId, customer.id, `customerId of a heard change (${summary(heard)})`);
        const createdChange = heard.find((c) => c.kind === 'created');
        equal(createdChange?.activityId, created.id, `the "created" change (${summary(heard)})`);
        deepEqual(createdChange?.activity, created, 'the activity carried by the "created" change');
        deepEqual(heard.find((c) => c.kind === 'updated')?.activity, updated, 'the activity carried by the "updated" change');
      } finally {
        unsubscribe();
      }
    },
  },
  {
    group,
    name: 'unsubscribing stops the changes',
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const stopped: ActivityChange[] = [];
      const still: ActivityChange[] = [];
      const unsubscribe = backend.subscribe(customer.id, (change) => stopped.push(change));
      const unsubscribeWitness = backend.subscribe(customer.id, (change) => still.push(change));
      try {
        unsubscribe();
        // A second subscriber that stays on shows when the change has been delivered.
        const created = await backend.createActivity({ customerId: customer.id, title: 'Chat' });
        await eventually(() => still.some((c) => c.activityId === created.id), DELIVERY_MS, 'the subscriber still on heard nothing');
        deepEqual(stopped, [], 'changes heard after unsubscribing');
        // Components unsubscribe on every disconnect, so a second call must be harmless.
        unsubscribe();
      } finally {
        unsubscribeWitness();
      }
    },
  },
  {
    group,
    name: 'hears a deleted activity, without the activity',
    settings: { labMode: true },
    async run({ backend }) {
      const customer = await createPerson(backend, 'Jordan', 'Ellis');
      const created = await backend.createActivity({ customerId: customer.id, title: 'Chat' });
      const heard: ActivityChange[] = [];
      const unsubscribe = backend.subscribe(customer.id, (change) => heard.push(change));
      try {
        await backend.deleteActivity(created.id);
        await eventually(() => heard.some((c) => c.kind === 'deleted'), DELIVERY_MS, `no "deleted" change heard; heard ${summary(heard)}`);
        const deleted = heard.find((c) => c.kind === 'deleted')!;
        equal(deleted.activityId, created.id, 'activityId of the deletion');
        equal(deleted.customerId, customer.id, 'customerId of the deletion');
        equal(deleted.activity, undefined, 'activity of a deletion');
      } finally {
        unsubscribe();
      }
    },
  },
];
