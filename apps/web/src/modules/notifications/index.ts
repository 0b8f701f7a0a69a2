/** Public surface of the notifications web module (chat lives in modules/chat and shares the socket). */
import { lazy } from 'react';

export const NotificationsPage = lazy(() => import('./pages/NotificationsPage'));
export const UnsubscribePage = lazy(() => import('./pages/UnsubscribePage'));
export { NotificationBell } from './components/NotificationBell';
export { commsEn } from './i18n.en';
export { commsZhCN } from './i18n.zh-CN';
export { noteSeen, sendRealtime, subscribeRealtime } from './realtime';
