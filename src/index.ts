/** Customer Context: the library entry. */
export * from './model/index.js';
export * from './backend/index.js';
export { backendContext } from './contexts/backend-context.js';
export { CcBackendProvider } from './components/backend-provider/backend-provider.js';
export { CcActivityList, CHANNEL_LABELS, UNAVAILABLE_MESSAGE } from './components/activity-list/activity-list.js';
export { TOKENS, token, rootTokens, hostStyles, type TokenName } from './styles/tokens.js';
