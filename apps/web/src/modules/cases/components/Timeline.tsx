import { Timeline as AntTimeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { CaseEvent } from '../api';
import { fmtTime, label } from './labels';

/** The case history: transitions, messages and (for handlers) internal notes. */
export function CaseTimeline({ t, events }: { t: TFunction; events: CaseEvent[] }) {
  return (
    <AntTimeline
      items={events.map((e) => ({
        key: e.id,
        color:
          e.kind === 'note'
            ? 'gray'
            : e.kind === 'escalation'
              ? 'red'
              : e.actorRole === 'member'
                ? 'green'
                : 'blue',
        content: (
          <div data-testid={`event-${e.kind}`}>
            <Typography.Text strong>
              {e.kind === 'note'
                ? t('cases.note')
                : e.kind === 'message'
                  ? t('cases.messages')
                  : label(t, 'act', e.action ?? e.kind)}
            </Typography.Text>
            {e.toState && e.kind === 'transition' && <> → {label(t, 'states', e.toState)}</>}
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
              {fmtTime(e.at)}
            </Typography.Text>
            {e.body && <div style={{ whiteSpace: 'pre-wrap' }}>{e.body}</div>}
            {typeof e.details.reason === 'string' && (
              <Typography.Text type="secondary">
                {t('cases.reason')}: {e.details.reason}
              </Typography.Text>
            )}
          </div>
        ),
      }))}
    />
  );
}
