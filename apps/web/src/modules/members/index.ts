/** Public surface of the members web module: lazy pages for the router, and the translations. */
import { lazy } from 'react';

export const MembersPage = lazy(() => import('./pages/MembersPage'));
export const MemberImportPage = lazy(() => import('./pages/ImportPage'));
export const MyProfilePage = lazy(() => import('./pages/MyProfilePage'));
export const MyMembershipPage = lazy(() => import('./pages/MyMembershipPage'));
export const MyPrivacyPage = lazy(() => import('./pages/MyPrivacyPage'));
export { membersEn } from './i18n.en';
export { membersZhCN } from './i18n.zh-CN';
