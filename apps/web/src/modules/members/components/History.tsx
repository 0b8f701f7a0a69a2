import { Empty, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { MemberEvent } from '../api';
import { StatusTag } from '../labels';

/** The membership record: every lifecycle step, oldest first, with where and why. */
export function History({ events }: { events: MemberEvent[] }) {
  const { t } = useTranslation();
  if (events.length === 0) return <Empty description={t('members.noHistory')} />;
  return (
    <Timeline
      items={events.map((e) => ({
        key: e.id,
        color:
          e.toStatus === 'active'
            ? 'green'
            : ['expelled', 'left', 'rejected'].includes(e.toStatus)
              ? 'red'
              : 'blue',
        content: (
          <div data-testid="member-history-item">
            <Typography.Text strong>
              {t(`members.event.${e.action}`, { defaultValue: e.action })}
            </Typography.Text>{' '}
            {e.fromStatus !== e.toStatus && <StatusTag status={e.toStatus} />}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {dayjs(e.at).format('YYYY-MM-DD HH:mm')}
                {e.effectiveDate ? ` · ${t('members.effectiveDate')} ${e.effectiveDate}` : ''} · {e.unionName}
                {e.orgName !== e.unionName ? ` / ${e.orgName}` : ''}
              </Typography.Text>
            </div>
            {e.reason && <Typography.Paragraph style={{ margin: 0 }}>{e.reason}</Typography.Paragraph>}
          </div>
        ),
      }))}
    />
  );
}
