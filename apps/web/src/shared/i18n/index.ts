import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zhCN } from './zh-CN';
import { membersEn } from '../../modules/members/i18n.en';
import { membersZhCN } from '../../modules/members/i18n.zh-CN';
import { casesEn } from '../../modules/cases/i18n.en';
import { casesZhCN } from '../../modules/cases/i18n.zh-CN';
import { commsEn } from '../../modules/notifications/i18n.en';
import { commsZhCN } from '../../modules/notifications/i18n.zh-CN';
import { forumsEn } from '../../modules/forums/i18n.en';
import { forumsZhCN } from '../../modules/forums/i18n.zh-CN';
import { searchEn } from '../../modules/search/i18n.en';
import { searchZhCN } from '../../modules/search/i18n.zh-CN';
import { electionsEn } from '../../modules/elections/i18n.en';
import { electionsZhCN } from '../../modules/elections/i18n.zh-CN';
import { pollsEn } from '../../modules/polls/i18n.en';
import { pollsZhCN } from '../../modules/polls/i18n.zh-CN';

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
const STORAGE_KEY = 'uh.lang';

function storedLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const i18n: I18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLang(),
  fallbackLng: 'zh-CN',
  supportedLngs: [...LANGS],
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

i18n.addResourceBundle('zh-CN', 'translation', membersZhCN, true, false);
i18n.addResourceBundle('en', 'translation', membersEn, true, false);
i18n.addResourceBundle('zh-CN', 'translation', casesZhCN, true, false);
i18n.addResourceBundle('en', 'translation', casesEn, true, false);
i18n.addResourceBundle('zh-CN', 'translation', commsZhCN, true, false);
i18n.addResourceBundle('en', 'translation', commsEn, true, false);
i18n.addResourceBundle('zh-CN', 'translation', forumsZhCN, true, false);
i18n.addResourceBundle('en', 'translation', forumsEn, true, false);
i18n.addResourceBundle('zh-CN', 'translation', searchZhCN, true, false);
i18n.addResourceBundle('en', 'translation', searchEn, true, false);
i18n.addResourceBundle('zh-CN', 'translation', electionsZhCN, true, false);
i18n.addResourceBundle('en', 'translation', electionsEn, true, false);
i18n.addResourceBundle('zh-CN', 'translation', pollsZhCN, true, false);
i18n.addResourceBundle('en', 'translation', pollsEn, true, false);
document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
});

export function currentLang(): Lang {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}
