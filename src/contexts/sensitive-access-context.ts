import { createContext } from '@lit/context';

/** The agent a reveal is recorded for. */
export interface AgentIdentity {
  readonly id: string;
  readonly name?: string;
}

/** Whether the host lets this agent reveal sensitive fields, and who the agent is. */
export interface SensitiveAccess {
  /** Granted by the host; a reveal also needs `agent`, since each one is recorded under their name. */
  readonly canReveal: boolean;
  readonly agent?: AgentIdentity;
}

export const NO_SENSITIVE_ACCESS: SensitiveAccess = { canReveal: false };

/** Provided by `<cc-customer-context>`; without a provider, sensitive fields stay masked. */
export const sensitiveAccessContext = createContext<SensitiveAccess>(Symbol('cc-sensitive-access'));
