/** Public surface of the forums web module: member boards/threads and console moderation. */
import { lazy } from 'react';

export const ForumBoardsPage = lazy(() => import('./pages/BoardsPage'));
export const ForumBoardPage = lazy(() => import('./pages/BoardPage'));
export const ForumThreadPage = lazy(() => import('./pages/ThreadPage'));
export const ForumModerationPage = lazy(() => import('./pages/ModerationPage'));
export { forumsEn } from './i18n.en';
export { forumsZhCN } from './i18n.zh-CN';
