import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import type { CaseSummary, CaseType, FieldDef } from '../api';

const STATE_COLORS: Record<string, string> = {
  submitted: 'blue',
  awaiting_member: 'orange',
  paused: 'default',
  resolved: 'green',
  closed: 'default',
};

/** A translated label with the raw key as fallback (custom union types and states). */
export const label = (t: TFunction, group: string, key: string) =>
  t(`cases.${group}.${key}`, { defaultValue: key });

export const typeName = (t: TFunction, key: string, types?: CaseType[], lang?: string) => {
  const custom = types?.find((x) => x.key === key);
  if (custom) return lang === 'en' ? custom.name.en : custom.name.zh;
  return label(t, 'types', key);
};

/** The text of a {zh, en} name in the language, the other one when it is empty. */
const pick = (n: { zh: string; en: string } | undefined, lang?: string) =>
  n ? (lang === 'en' ? n.en.trim() || n.zh.trim() : n.zh.trim() || n.en.trim()) : '';

/** A field's display name: the union's own label, else the translation of its key. */
export const fieldLabel = (t: TFunction, f: Pick<FieldDef, 'key' | 'label'>, lang?: string) =>
  pick(f.label, lang) || label(t, 'field', f.key);

/** An option's display name: the union's own label, else the translation of its value. */
export const optionLabel = (
  t: TFunction,
  f: Pick<FieldDef, 'optionLabels'> | undefined,
  v: string,
  lang?: string,
) => {
  const own = f?.optionLabels?.[v];
  return pick(own, lang) || label(t, 'option', v);
};

export function StateTag({ t, c }: { t: TFunction; c: Pick<CaseSummary, 'state'> }) {
  return (
    <Tag color={STATE_COLORS[c.state] ?? 'processing'} style={{ marginInlineEnd: 0 }}>
      {label(t, 'states', c.state)}
    </Tag>
  );
}

export function SlaTags({ t, c }: { t: TFunction; c: CaseSummary }) {
  return (
    <>
      {(c.firstResponseBreached || c.resolutionBreached) && <Tag color="red">{t('cases.breached')}</Tag>}
      {c.paused && <Tag>{t('cases.paused')}</Tag>}
      {c.escalationLevel > 0 && <Tag color="volcano">{t('cases.escalated')}</Tag>}
    </>
  );
}

export const fmtTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
