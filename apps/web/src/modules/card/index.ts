/** Public surface of the e-member card web module. */
import { lazy } from 'react';

export const MyCardPage = lazy(() => import('./pages/MyCardPage'));
export const VerifyCardPage = lazy(() => import('./pages/VerifyCardPage'));
export { cardEn, cardZhCN } from './i18n';
