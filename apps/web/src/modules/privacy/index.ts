/** Public surface of the privacy web module: 我的数据 (export, deletion request) and the officers' desk. */
import { lazy } from 'react';

export const MyDataPage = lazy(() => import('./pages/MyDataPage'));
export const DeletionRequestsPage = lazy(() => import('./pages/DeletionRequestsPage'));
export const ProcessingRegisterPage = lazy(() => import('./pages/ProcessingRegisterPage'));
export const PrivacyContactPage = lazy(() => import('./pages/PrivacyContactPage'));
export const BreachListPage = lazy(() => import('./pages/BreachListPage'));
export const BreachDetailPage = lazy(() => import('./pages/BreachDetailPage'));
export { privacyEn, privacyErrorsEn, privacyErrorsZhCN, privacyZhCN } from './i18n';
