/** Public surface of the cases web module: lazy pages for the router, and the translations. */
import { lazy } from 'react';

export const ReportPage = lazy(() => import('./pages/ReportPage'));
export const MyCasesPage = lazy(() => import('./pages/MyCasesPage'));
export const MyCasePage = lazy(() => import('./pages/MyCasePage'));
export const CaseQueuePage = lazy(() => import('./pages/CaseQueuePage'));
export const CaseConsolePage = lazy(() => import('./pages/CaseConsolePage'));
export const CasesDashboardPage = lazy(() => import('./pages/CasesDashboardPage'));
export const CaseTypesPage = lazy(() => import('./pages/CaseTypesPage'));
export const AssignmentRulesPage = lazy(() => import('./pages/AssignmentRulesPage'));
export { casesEn } from './i18n.en';
export { casesZhCN } from './i18n.zh-CN';
