/** Public surface of the search web module: the search page and the header search box. */
import { lazy } from 'react';

export const SearchPage = lazy(() => import('./pages/SearchPage'));
export { HeaderSearch } from './components/HeaderSearch';
export { searchEn } from './i18n.en';
export { searchZhCN } from './i18n.zh-CN';
