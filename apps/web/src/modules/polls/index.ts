/** Public surface of the polls web module: lazy pages for the router, and the translations. */
import { lazy } from 'react';

export const MyPollsPage = lazy(() => import('./pages/MyPollsPage'));
export const PollAnswerPage = lazy(() => import('./pages/PollAnswerPage'));
export const PollsConsolePage = lazy(() => import('./pages/PollsConsolePage'));
export const PollEditorPage = lazy(() => import('./pages/PollEditorPage'));
export const PollResultsPage = lazy(() => import('./pages/PollResultsPage'));
export { pollsEn, pollErrorsEn } from './i18n.en';
export { pollsZhCN, pollErrorsZhCN } from './i18n.zh-CN';
