import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CloseOutlined,
  HolderOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addRank, moveRank, removeRank } from '../ranking';

export interface RankOption {
  id: string;
  label: string;
}

/**
 * Ranked choice on any device: tap an option to add it to the ranking; reorder with the ↑/↓ buttons
 * (touch and keyboard) or by dragging the handle (pointer events, so mouse, pen and touch alike).
 */
export function RankList({
  options,
  value = [],
  onChange,
  limit,
  testId,
}: {
  options: RankOption[];
  value?: string[];
  onChange: (v: string[]) => void;
  /** At most this many may be ranked (absent: all). */
  limit?: number;
  testId?: string;
}) {
  const { t } = useTranslation();
  const byId = new Map(options.map((o) => [o.id, o]));
  const ranked = value.filter((id) => byId.has(id));
  const unranked = options.filter((o) => !ranked.includes(o.id));
  const rows = useRef<(HTMLDivElement | null)[]>([]);
  const [dragging, setDragging] = useState<number | null>(null);
  const [announce, setAnnounce] = useState('');

  const move = (from: number, to: number) => {
    const next = moveRank(ranked, from, to);
    if (next === ranked) return;
    onChange(next);
    const label = byId.get(ranked[from] ?? '')?.label ?? '';
    setAnnounce(t('polls.answer.rankMoved', { label, n: to + 1 }));
  };

  /** The row index under a vertical position (midpoints of the rows' boxes). */
  const indexAt = (y: number) => {
    let idx = 0;
    rows.current.slice(0, ranked.length).forEach((el, i) => {
      if (!el) return;
      const r = el.getBoundingClientRect();
      if (y > r.top + r.height / 2) idx = i;
    });
    return idx;
  };

  return (
    <Flex vertical gap={8} data-testid={testId}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('polls.answer.rankHint')}
      </Typography.Text>
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('polls.answer.yourRanking')}>
        {ranked.map((id, i) => (
          <li key={id}>
            <div
              ref={(el) => {
                rows.current[i] = el;
              }}
              data-testid="rank-item"
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 4,
                padding: '4px 4px 4px 0',
                marginBottom: 6,
                border: '1px solid #d9d9d9',
                borderRadius: 8,
                background: dragging === i ? '#fff1f0' : '#fff',
              }}
            >
              <span
                aria-hidden
                onPointerDown={(e) => {
                  e.currentTarget.setPointerCapture(e.pointerId);
                  setDragging(i);
                }}
                onPointerMove={(e) => {
                  if (dragging === null) return;
                  const to = indexAt(e.clientY);
                  if (to !== dragging) {
                    move(dragging, to);
                    setDragging(to);
                  }
                }}
                onPointerUp={() => setDragging(null)}
                onPointerCancel={() => setDragging(null)}
                style={{ touchAction: 'none', cursor: 'grab', padding: '8px 6px', color: '#8c8c8c' }}
              >
                <HolderOutlined />
              </span>
              <span
                style={{
                  minWidth: 24,
                  height: 24,
                  borderRadius: 12,
                  background: '#cf1322',
                  color: '#fff',
                  textAlign: 'center',
                  lineHeight: '24px',
                  fontSize: 12,
                  fontWeight: 600,
                }}
              >
                {i + 1}
              </span>
              <span style={{ flex: 1, minWidth: 0, wordBreak: 'break-word', paddingInline: 4 }}>
                {byId.get(id)?.label}
              </span>
              <Button
                type="text"
                icon={<ArrowUpOutlined />}
                disabled={i === 0}
                onClick={() => move(i, i - 1)}
                aria-label={t('polls.answer.moveUp', { label: byId.get(id)?.label })}
                data-testid="rank-up"
              />
              <Button
                type="text"
                icon={<ArrowDownOutlined />}
                disabled={i === ranked.length - 1}
                onClick={() => move(i, i + 1)}
                aria-label={t('polls.answer.moveDown', { label: byId.get(id)?.label })}
                data-testid="rank-down"
              />
              <Button
                type="text"
                icon={<CloseOutlined />}
                onClick={() => onChange(removeRank(ranked, id))}
                aria-label={t('polls.answer.unrank', { label: byId.get(id)?.label })}
                data-testid="rank-remove"
              />
            </div>
          </li>
        ))}
      </ol>
      {unranked.length > 0 && (
        <Flex vertical gap={6}>
          {ranked.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('polls.answer.notRanked')}
            </Typography.Text>
          )}
          {unranked.map((o) => (
            <Button
              key={o.id}
              icon={<PlusOutlined />}
              onClick={() => onChange(addRank(ranked, o.id))}
              disabled={limit !== undefined && ranked.length >= limit}
              style={{
                justifyContent: 'flex-start',
                height: 'auto',
                minHeight: 40,
                whiteSpace: 'normal',
                textAlign: 'left',
              }}
              data-testid="rank-add"
            >
              {o.label}
            </Button>
          ))}
        </Flex>
      )}
      <span
        aria-live="polite"
        style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}
      >
        {announce}
      </span>
    </Flex>
  );
}
