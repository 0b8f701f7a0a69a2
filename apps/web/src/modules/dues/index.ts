/** Public surface of the dues web module: lazy pages for the router, the pay-button slot, translations. */
import { lazy } from 'react';

export const MyDuesPage = lazy(() => import('./pages/MyDuesPage'));
export const DuesRulesPage = lazy(() => import('./pages/DuesRulesPage'));
export const DuesMembersPage = lazy(() => import('./pages/DuesMembersPage'));
export const PayrollPage = lazy(() => import('./pages/PayrollPage'));
export const ArrearsPage = lazy(() => import('./pages/ArrearsPage'));
export const DuesDashboardPage = lazy(() => import('./pages/DuesDashboardPage'));
export { payDuesSlot, type PayDuesButtonSlotProps } from './slot';
export { duesEn, duesZhCN } from './i18n';
export { yuan } from './api';
