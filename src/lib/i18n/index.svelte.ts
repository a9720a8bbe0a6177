/**
 * The one i18n module: the current language (remembered on the device), message lookup with
 * ICU formatting (plurals, numbers, selects) and the locale's formatters.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { en } from './messages/en';
import { ja, type MessageKey } from './messages/ja';
import { formatters, type Formatters, type Locale } from './format';

export type { Locale, MessageKey };

const DICTS: Record<Locale, Record<MessageKey, string>> = { ja, en };
const STORAGE_KEY = 'kizuna.locale';

function initialLocale(): Locale {
  if (typeof localStorage !== 'undefined') {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'ja' || saved === 'en') return saved;
  }
  if (typeof navigator !== 'undefined') return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
  return 'ja';
}

type Values = Record<string, string | number>;

const compiled = new Map<string, IntlMessageFormat>();

/** Pure translation, for code outside components (and tests). */
export function translate(locale: Locale, key: MessageKey, values?: Values): string {
  const msg = DICTS[locale][key];
  if (!values) return msg;
  const id = locale + '\u0000' + key;
  let f = compiled.get(id);
  if (!f) compiled.set(id, (f = new IntlMessageFormat(msg, locale === 'ja' ? 'ja-JP' : 'en-US')));
  return f.format(values) as string;
}

class I18n {
  locale = $state<Locale>(initialLocale());
  currency = $state('JPY');
  fmt: Formatters = $derived(formatters(this.locale, this.currency));

  setLocale(l: Locale): void {
    this.locale = l;
    localStorage.setItem(STORAGE_KEY, l);
    document.documentElement.lang = l;
  }

  t = (key: MessageKey, values?: Values): string => translate(this.locale, key, values);
}

export const i18n = new I18n();
export const t = i18n.t;
