/** Public surface of the chat web module. */
import { lazy } from 'react';

export const ChatPage = lazy(() => import('./pages/ChatPage'));
