import { Collapse, Descriptions, Flex, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Content, Version } from '../registerApi';

/** The fields of an entry, in the order the form and the views show them. */
export const FIELD_ORDER: Array<keyof Content> = [
  'name',
  'purpose',
  'legalBasis',
  'legalBasisNote',
  'individuals',
  'dataCategories',
  'sensitive',
  'source',
  'recipients',
  'processors',
  'retention',
  'securityMeasures',
  'responsible',
  'reviewedOn',
  'retired',
];

/** The fields that differ between two versions' contents. */
export function changedFields(a: Content, b: Content | undefined): Array<keyof Content> {
  if (!b) return [];
  return FIELD_ORDER.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** A version's content, read-only. */
export function ContentView({ c }: { c: Content }) {
  const { t } = useTranslation();
  const f = (k: keyof Content) => t(`privacy.register.field.${k}`);
  const list = (xs: string[]) =>
    xs.length ? (
      <Flex gap={4} wrap>
        {xs.map((x) => (
          <Tag key={x} style={{ marginInlineEnd: 0 }}>
            {x}
          </Tag>
        ))}
      </Flex>
    ) : (
      '—'
    );
  const text = (s: string) => (s ? <span style={{ whiteSpace: 'pre-wrap' }}>{s}</span> : '—');
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      styles={{ label: { width: 150 } }}
      items={[
        { key: 'purpose', label: f('purpose'), children: text(c.purpose) },
        {
          key: 'legalBasis',
          label: f('legalBasis'),
          children: (
            <>
              <div>{t(`privacy.register.basis.${c.legalBasis}`)}</div>
              {c.legalBasisNote && <Typography.Text type="secondary">{c.legalBasisNote}</Typography.Text>}
            </>
          ),
        },
        { key: 'individuals', label: f('individuals'), children: list(c.individuals) },
        { key: 'dataCategories', label: f('dataCategories'), children: list(c.dataCategories) },
        {
          key: 'sensitive',
          label: f('sensitive'),
          children: c.sensitive.length ? (
            <Flex gap={4} wrap>
              {c.sensitive.map((s) => (
                <Tag key={s} color="volcano" style={{ marginInlineEnd: 0 }}>
                  {t(`privacy.register.sensitiveKind.${s}`)}
                </Tag>
              ))}
            </Flex>
          ) : (
            t('privacy.register.tag.none')
          ),
        },
        { key: 'source', label: f('source'), children: text(c.source) },
        { key: 'recipients', label: f('recipients'), children: text(c.recipients) },
        {
          key: 'processors',
          label: f('processors'),
          children: c.processors.length ? (
            <Flex vertical gap={6}>
              {c.processors.map((p) => (
                <div key={`${p.name}|${p.role}|${p.country}|${p.contractRef}`}>
                  <Typography.Text strong>{p.name}</Typography.Text>{' '}
                  <Tag style={{ marginInlineEnd: 4 }}>{t(`privacy.register.role.${p.role}`)}</Tag>
                  {p.country && <Tag style={{ marginInlineEnd: 4 }}>{p.country}</Tag>}
                  {p.crossBorder && (
                    <Tag color="orange">
                      {t('privacy.register.tag.crossBorder')}
                      {p.transferMechanism
                        ? ` · ${t(`privacy.register.mechanism.${p.transferMechanism}`)}`
                        : ''}
                    </Tag>
                  )}
                  {p.service && <div>{p.service}</div>}
                  {p.contractRef && (
                    <Typography.Text type="secondary">
                      {t('privacy.register.processor.contractRef')}: {p.contractRef}
                    </Typography.Text>
                  )}
                </div>
              ))}
            </Flex>
          ) : (
            t('privacy.register.tag.none')
          ),
        },
        { key: 'retention', label: f('retention'), children: text(c.retention) },
        { key: 'securityMeasures', label: f('securityMeasures'), children: text(c.securityMeasures) },
        { key: 'responsible', label: f('responsible'), children: text(c.responsible) },
        {
          key: 'reviewedOn',
          label: f('reviewedOn'),
          children: c.reviewedOn ?? t('privacy.register.tag.never'),
        },
        ...(c.retired
          ? [
              {
                key: 'retired',
                label: f('retired'),
                children: <Tag>{t('privacy.register.tag.retired')}</Tag>,
              },
            ]
          : []),
      ]}
    />
  );
}

export function History({ versions }: { versions: Version[] }) {
  const { t } = useTranslation();
  const f = (k: keyof Content) => t(`privacy.register.field.${k}`);
  const sep = t('common.listSeparator');
  return (
    <Collapse
      size="small"
      data-testid="register-history"
      items={versions.map((v, i) => {
        const changed = changedFields(v.content, versions[i + 1]?.content);
        return {
          key: v.version,
          label: (
            <Flex vertical gap={2}>
              <Flex gap={8} wrap align="center">
                <Typography.Text strong>v{v.version}</Typography.Text>
                {i === 0 && <Tag color="blue">{t('privacy.register.current')}</Tag>}
                <Typography.Text type="secondary">
                  {t('privacy.register.historyBy', {
                    by: v.createdBy,
                    at: dayjs(v.createdAt).format('YYYY-MM-DD HH:mm'),
                  })}
                </Typography.Text>
              </Flex>
              {v.changeNote && <span>{v.changeNote}</span>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i === versions.length - 1
                  ? t('privacy.register.historyFirst')
                  : t('privacy.register.historyChanged', { fields: changed.map(f).join(sep) || '—' })}
              </Typography.Text>
            </Flex>
          ),
          children: <ContentView c={v.content} />,
        };
      })}
    />
  );
}
