import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../shared/auth/session';
import type { MemberStatus } from './api';

const COLORS: Record<MemberStatus, string> = {
  applicant: 'processing',
  active: 'success',
  retained: 'gold',
  transferring: 'purple',
  transferred_out: 'default',
  left: 'default',
  expelled: 'error',
  rejected: 'default',
};

export function StatusTag({ status }: { status: MemberStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`members.status.${status}`)}
    </Tag>
  );
}

/** The caller's permissions (empty until /api/me answered). */
export function usePermissions(): Set<string> {
  return new Set(useMe().data?.abilities.permissions ?? []);
}
