// UI strings: Vietnamese by default, English on request; the choice is remembered.
import { createI18n } from 'vue-i18n';
import vi from './vi.json';
import en from './en.json';

export type Locale = 'vi' | 'en';
const STORAGE_KEY = 'kpi.locale';

function initialLocale(): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return saved === 'en' ? 'en' : 'vi';
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'vi',
  messages: { vi, en },
  numberFormats: {
    vi: {
      score: { maximumFractionDigits: 2, minimumFractionDigits: 0 },
      percent: { style: 'percent', maximumFractionDigits: 1 },
    },
    en: {
      score: { maximumFractionDigits: 2, minimumFractionDigits: 0 },
      percent: { style: 'percent', maximumFractionDigits: 1 },
    },
  },
  datetimeFormats: {
    vi: {
      short: { day: '2-digit', month: '2-digit', year: 'numeric' },
      long: { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' },
    },
    en: {
      short: { day: '2-digit', month: 'short', year: 'numeric' },
      long: { day: '2-digit', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' },
    },
  },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}
