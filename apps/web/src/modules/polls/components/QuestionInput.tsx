import type { TFunction } from 'i18next';
import { Card, Checkbox, Flex, Input, Radio, Rate, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Question } from '../api';
import { type AnswerValue, choiceBounds } from '../form';
import { RankList } from './RankList';

const choiceRow: React.CSSProperties = {
  display: 'flex',
  alignItems: 'center',
  minHeight: 44,
  padding: '6px 12px',
  border: '1px solid #f0f0f0',
  borderRadius: 8,
  marginInlineEnd: 0,
  width: '100%',
};

/** The hint under a question: how many to choose, how many to rank. */
function hint(t: TFunction, q: Question): string | null {
  if (q.kind === 'single') return t('polls.answer.pickOne');
  if (q.kind === 'multiple') {
    const { min, max } = choiceBounds(q);
    if (min > 0 && max > 0 && min !== max) return t('polls.answer.pickRange', { min, max });
    if (min > 0 && min === max) return t('polls.answer.pickRange', { min, max });
    if (min > 0) return t('polls.answer.pickAtLeast', { min });
    return t('polls.answer.pickUpTo', { max });
  }
  if (q.kind === 'ranked')
    return q.rankLimit ? t('polls.answer.rankLimit', { n: q.rankLimit }) : t('polls.answer.rankAll');
  return null;
}

/** One question of the answer page: its widget, hint, and the server's message for it when refused. */
export function QuestionInput({
  q,
  n,
  value,
  onChange,
  error,
}: {
  q: Question;
  n: number;
  value: AnswerValue;
  onChange: (v: AnswerValue) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const h = hint(t, q);
  const titleId = `q-${q.id}-title`;
  const bounds = choiceBounds(q);
  const chosen = Array.isArray(value) ? value : [];
  return (
    <Card
      size="small"
      data-testid={`question-${q.id}`}
      style={error ? { borderColor: '#ff4d4f' } : undefined}
      styles={{ body: { padding: 12 } }}
    >
      <Flex vertical gap={8}>
        <div id={titleId}>
          <Typography.Text strong style={{ fontSize: 15 }}>
            {n}. {q.title}
          </Typography.Text>{' '}
          {q.required && (
            <Tag color="red" style={{ marginInlineStart: 4 }}>
              {t('polls.answer.requiredMark')}
            </Tag>
          )}
          {q.description && (
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>
              {q.description}
            </Typography.Paragraph>
          )}
          {h && (
            <Typography.Text
              type="secondary"
              style={{ fontSize: 12, display: 'block', marginTop: 2 }}
              data-testid="question-hint"
            >
              {h}
            </Typography.Text>
          )}
        </div>
        {q.kind === 'single' && (
          <Radio.Group
            aria-labelledby={titleId}
            value={value}
            onChange={(e) => onChange(e.target.value as string)}
            style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
          >
            {q.options?.map((o) => (
              <Radio key={o.id} value={o.id} style={choiceRow}>
                {o.label}
              </Radio>
            ))}
          </Radio.Group>
        )}
        {q.kind === 'multiple' && (
          <Checkbox.Group
            aria-labelledby={titleId}
            value={chosen}
            onChange={(v) => onChange(v as string[])}
            style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
          >
            {q.options?.map((o) => (
              <Checkbox
                key={o.id}
                value={o.id}
                style={choiceRow}
                disabled={bounds.max > 0 && chosen.length >= bounds.max && !chosen.includes(o.id)}
              >
                {o.label}
              </Checkbox>
            ))}
          </Checkbox.Group>
        )}
        {q.kind === 'text' && (
          <Input.TextArea
            aria-labelledby={titleId}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => onChange(e.target.value)}
            maxLength={q.maxLength ?? 1000}
            showCount
            autoSize={{ minRows: 3, maxRows: 10 }}
            data-testid="answer-text"
          />
        )}
        {q.kind === 'rating' && <RatingInput q={q} value={value} onChange={onChange} labelledBy={titleId} />}
        {q.kind === 'ranked' && (
          <RankList
            options={q.options ?? []}
            value={chosen}
            onChange={(v) => onChange(v)}
            limit={q.rankLimit || undefined}
            testId="rank-list"
          />
        )}
        {error && (
          <Typography.Text type="danger" role="alert" data-testid="question-error">
            {error}
          </Typography.Text>
        )}
      </Flex>
    </Card>
  );
}

/** Stars up to 5 points, a numbered scale above; both work by touch and by the arrow keys. */
function RatingInput({
  q,
  value,
  onChange,
  labelledBy,
}: {
  q: Question;
  value: AnswerValue;
  onChange: (v: AnswerValue) => void;
  labelledBy: string;
}) {
  const { t } = useTranslation();
  const scale = q.scale ?? 5;
  const current = typeof value === 'number' ? value : 0;
  return (
    <Flex vertical gap={4} data-testid="rating">
      {scale <= 5 ? (
        <Flex align="center" gap={12} wrap>
          <Rate
            count={scale}
            value={current}
            onChange={(v) => onChange(v || undefined)}
            style={{ fontSize: 32 }}
            aria-labelledby={labelledBy}
            tooltips={Array.from({ length: scale }, (_, i) =>
              t('polls.answer.ratingOf', { n: i + 1, scale }),
            )}
          />
          {current > 0 && (
            <Typography.Text type="secondary">
              {t('polls.answer.ratingOf', { n: current, scale })}
            </Typography.Text>
          )}
        </Flex>
      ) : (
        <Radio.Group
          aria-labelledby={labelledBy}
          optionType="button"
          value={current || undefined}
          onChange={(e) => onChange(e.target.value as number)}
          style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
          options={Array.from({ length: scale }, (_, i) => ({
            value: i + 1,
            label: String(i + 1),
            style: { minWidth: 40, textAlign: 'center' as const, borderRadius: 6 },
          }))}
        />
      )}
      {(q.lowLabel || q.highLabel) && (
        <Flex justify="space-between" style={{ maxWidth: scale <= 5 ? 40 * scale + 8 : undefined }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {q.lowLabel ? `1 = ${q.lowLabel}` : ''}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {q.highLabel ? `${scale} = ${q.highLabel}` : ''}
          </Typography.Text>
        </Flex>
      )}
    </Flex>
  );
}
