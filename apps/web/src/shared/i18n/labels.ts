import type { TFunction } from 'i18next';

/** Translated role name, falling back to the raw key for roles the web app does not know yet. */
export function roleLabel(t: TFunction, key: string): string {
  return t(`roles.${key}`, { defaultValue: key });
}

/** Translated permission name, falling back to the raw key. */
export function permissionLabel(t: TFunction, key: string): string {
  return t(`permissions.${key}`, { defaultValue: key });
}
