/** Public surface of the elections web module: lazy pages for the router, and the translations. */
import { lazy } from 'react';

export const MyElectionsPage = lazy(() => import('./pages/MyElectionsPage'));
export const VotePage = lazy(() => import('./pages/VotePage'));
export const BoardPage = lazy(() => import('./pages/BoardPage'));
export const ElectionsConsolePage = lazy(() => import('./pages/ElectionsConsolePage'));
export const TrusteePage = lazy(() => import('./pages/TrusteePage'));
export { electionsEn } from './i18n.en';
export { electionsZhCN } from './i18n.zh-CN';
