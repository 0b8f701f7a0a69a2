/** Public surface of the privacy web module: 我的数据 (export, deletion request) and the officers' desk. */
import { lazy } from 'react';

export const MyDataPage = lazy(() => import('./pages/MyDataPage'));
export const DeletionRequestsPage = lazy(() => import('./pages/DeletionRequestsPage'));
export { privacyEn, privacyErrorsEn, privacyErrorsZhCN, privacyZhCN } from './i18n';
