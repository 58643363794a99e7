import { createContext } from '@lit/context';
import type { ContextBackend } from '../backend/adapter.js';

/** The backend every component reads and writes through; provided by `<cc-backend-provider>`. */
export const backendContext = createContext<ContextBackend>(Symbol('cc-backend'));
