/** Small shared pieces of the breach pages: the status tag and the 72-hour clock. */
import { Alert, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { BreachStatus, BreachSummary } from '../breach.api';

const STATUS_COLOR: Record<BreachStatus, string> = {
  open: 'red',
  contained: 'orange',
  notified: 'blue',
  closed: 'default',
};

export const fmtTime = (s: string | null | undefined) => (s ? dayjs(s).format('YYYY-MM-DD HH:mm') : '—');

export function BreachStatusTag({ status }: { status: BreachStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="breach-status">
      {t(`privacy.breach.status.${status}`)}
    </Tag>
  );
}

function hm(ms: number) {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  return { h: Math.floor(minutes / 60), m: minutes % 60 };
}

type ClockInput = Pick<BreachSummary, 'status' | 'deadline' | 'regulatorNotifiedAt'> & {
  regulatorAuthority?: string | null;
  regulatorReference?: string | null;
};

/**
 * Time left until (or past) the 72-hour regulator deadline: a tag in lists, a banner with both legal
 * rules on the incident page.
 */
export function BreachClock({ breach, compact }: { breach: ClockInput; compact?: boolean }) {
  const { t } = useTranslation();
  const d = breach.deadline;
  const deadline = fmtTime(d.deadlineAt);
  if (breach.regulatorNotifiedAt) {
    const done = (
      <Space size={4} wrap>
        <Tag color="green">{t('privacy.breach.notifiedOn', { at: fmtTime(breach.regulatorNotifiedAt) })}</Tag>
        {d.notifiedLate && <Tag color="red">{t('privacy.breach.notifiedLate')}</Tag>}
      </Space>
    );
    if (compact) return done;
    return (
      <Alert
        type={d.notifiedLate ? 'warning' : 'success'}
        showIcon
        title={t('privacy.breach.clock.done', {
          at: fmtTime(breach.regulatorNotifiedAt),
          authority: breach.regulatorAuthority ?? '',
        })}
        description={
          <Space direction="vertical" size={2}>
            {breach.regulatorReference && (
              <span>{t('privacy.breach.clock.reference', { ref: breach.regulatorReference })}</span>
            )}
            {done}
          </Space>
        }
      />
    );
  }
  if (breach.status === 'closed') return compact ? <span>—</span> : null;
  const left = d.overdue
    ? t('privacy.breach.overdueBy', hm(d.msLeft))
    : t('privacy.breach.left', hm(d.msLeft));
  const color = d.overdue ? 'red' : d.msLeft < 24 * 3_600_000 ? 'orange' : 'blue';
  const tag = (
    <Tag color={color} data-testid="breach-clock">
      {left}
    </Tag>
  );
  if (compact)
    return (
      <Space direction="vertical" size={0}>
        {tag}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {deadline}
        </Typography.Text>
      </Space>
    );
  return (
    <Alert
      type={d.overdue ? 'error' : d.msLeft < 24 * 3_600_000 ? 'warning' : 'info'}
      showIcon
      title={
        <Space wrap size={8}>
          <span>{t('privacy.breach.clock.pending', { deadline })}</span>
          {tag}
        </Space>
      }
      description={t('privacy.breach.clock.law')}
    />
  );
}

/** The required fields still empty, by their labels. */
export function MissingAlert({ missing }: { missing: string[] }) {
  const { t } = useTranslation();
  if (missing.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="breach-missing"
      title={t('privacy.breach.missingTitle')}
      description={
        <Space size={[4, 4]} wrap>
          {missing.map((f) => (
            <Tag key={f} color="orange">
              {t(`privacy.breach.fields.${f}`)}
            </Tag>
          ))}
        </Space>
      }
    />
  );
}
