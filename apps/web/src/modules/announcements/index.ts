/** Public surface of the announcements web module. */
import { lazy } from 'react';

export const AnnouncementFeedPage = lazy(() => import('./pages/FeedPage'));
export const AnnouncementsOfficerPage = lazy(() => import('./pages/OfficerPage'));
