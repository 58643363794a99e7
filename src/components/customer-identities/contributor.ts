import type { SensitiveAccess } from '../../contexts/sensitive-access-context.js';
import type { Contributor } from '../../model/index.js';

/** The agent as a change records them (`{ contributor }`), when the host named them; else nothing. */
export function contributorOf(access: SensitiveAccess | undefined): { contributor?: Contributor } {
  const agent = access?.agent;
  return agent ? { contributor: { type: 'user', id: agent.id, ...(agent.name ? { name: agent.name } : {}) } } : {};
}
