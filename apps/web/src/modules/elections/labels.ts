import type { TFunction } from 'i18next';

const YES_NO = new Set(['yes', 'no', 'abstain']);

/**
 * The shown label of a ballot option: the options of a yes/no question are stored as the ids
 * `yes`, `no`, `abstain` (also their manifest titles) and are translated here; candidates keep their names.
 */
export function optionLabel(t: TFunction, title: string, id: string, kind?: string): string {
  if (YES_NO.has(id) && (kind === 'yes_no' || title === id)) return t(`elections.option.${id}`);
  return title;
}
