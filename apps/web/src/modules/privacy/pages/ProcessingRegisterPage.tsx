/**
 * Console: the union's personal-information protection officer and its register of processing
 * activities (security.admin). Entries open in a drawer (edit = new version, history); built-in
 * activities can be adopted; the register downloads as CSV or Markdown for a regulator.
 */
import { DownloadOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Dropdown, Flex, Grid, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { type EntrySummary, exportUrl, useRegister, useUnions } from '../registerApi';
import { ProcessingRegisterBuiltins } from './ProcessingRegisterBuiltins';
import { ProcessingRegisterContact } from './ProcessingRegisterContact';
import { ProcessingRegisterEntry } from './ProcessingRegisterEntry';

const CONTACT_COLOR = { own: 'green', inherited: 'blue', none: 'red' } as const;

export default function ProcessingRegisterPage() {
  const { t } = useTranslation();
  usePageTitle(t('privacy.register.title'));
  const phone = Grid.useBreakpoint().sm === false;
  const [params, setParams] = useSearchParams();
  const unions = useUnions();
  const unionId = params.get('union') ?? unions.data?.items[0]?.id;
  const reg = useRegister(unionId);
  const [entryId, setEntryId] = useState<string | null>(null);
  const [builtinsOpen, setBuiltinsOpen] = useState(false);
  const months = reg.data?.reviewMonths ?? 12;
  const f = (k: string) => t(`privacy.register.field.${k}`);

  if (unions.isPending) return <Loading />;
  if (unions.error) return <ErrorAlert error={unions.error} />;
  const items = unions.data.items;

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('privacy.register.title')}
      </Typography.Title>
      <Alert type="info" showIcon title={t('privacy.register.intro', { months })} />
      {items.length === 0 ? (
        <Alert type="warning" showIcon title={t('privacy.register.noUnions')} />
      ) : (
        <>
          {items.length > 1 && (
            <Flex gap={8} align="center" wrap>
              <Typography.Text>{t('privacy.register.union')}</Typography.Text>
              <Select
                value={unionId}
                onChange={(v) => setParams({ union: v })}
                style={{ minWidth: 260, maxWidth: '100%' }}
                data-testid="register-union"
                options={items.map((u) => ({
                  value: u.id,
                  label: (
                    <Flex gap={6} align="center" justify="space-between">
                      <span style={{ paddingInlineStart: u.depth * 12 }}>{u.name}</span>
                      <span>
                        <Tag color={CONTACT_COLOR[u.contact]} style={{ marginInlineEnd: 4 }}>
                          {t(`privacy.register.unionContact.${u.contact}`)}
                        </Tag>
                        {u.reviewDue > 0 && (
                          <Tag color="warning" style={{ marginInlineEnd: 0 }}>
                            {t('privacy.register.dueCount', { count: u.reviewDue })}
                          </Tag>
                        )}
                      </span>
                    </Flex>
                  ),
                }))}
              />
            </Flex>
          )}
          {unionId && (
            <>
              <ProcessingRegisterContact unionId={unionId} />
              <Card
                size="small"
                title={`${t('privacy.register.nav')}${reg.data ? ` · ${reg.data.union.name}` : ''}`}
                data-testid="register-list"
              >
                <Flex gap={8} wrap style={{ marginBottom: 12 }}>
                  <Button
                    type="primary"
                    icon={<PlusOutlined />}
                    onClick={() => setEntryId('new')}
                    data-testid="entry-add"
                  >
                    {t('privacy.register.add')}
                  </Button>
                  <Button
                    icon={<ThunderboltOutlined />}
                    onClick={() => setBuiltinsOpen(true)}
                    data-testid="builtins-open"
                  >
                    {t('privacy.register.builtins')}
                  </Button>
                  <Dropdown
                    menu={{
                      items: (
                        [
                          ['csv', 'zh-CN', 'exportCsvZh'],
                          ['csv', 'en', 'exportCsvEn'],
                          ['md', 'zh-CN', 'exportMdZh'],
                          ['md', 'en', 'exportMdEn'],
                        ] as const
                      ).map(([format, lang, label]) => ({
                        key: `${format}-${lang}`,
                        label: (
                          <a
                            href={exportUrl(unionId, format, lang)}
                            download
                            data-testid={`export-${format}-${lang}`}
                          >
                            {t(`privacy.register.${label}`)}
                          </a>
                        ),
                      })),
                    }}
                  >
                    <Button
                      icon={<DownloadOutlined />}
                      title={t('privacy.register.exportHint')}
                      data-testid="export"
                    >
                      {t('privacy.register.export')}
                    </Button>
                  </Dropdown>
                </Flex>
                <ErrorAlert error={reg.error} />
                {phone ? (
                  <Flex vertical data-testid="register-rows">
                    {reg.isPending && <Loading />}
                    {reg.data?.items.length === 0 && (
                      <Typography.Text type="secondary">{t('privacy.register.empty')}</Typography.Text>
                    )}
                    {reg.data?.items.map((r) => (
                      <Flex
                        key={r.id}
                        vertical
                        gap={4}
                        onClick={() => setEntryId(r.id)}
                        style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0', cursor: 'pointer' }}
                      >
                        <Typography.Link data-testid={`entry-${r.id}`}>{r.name}</Typography.Link>
                        <Space size={4} wrap>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            v{r.version} · {t(`privacy.register.basisShort.${r.legalBasis}`)}
                          </Typography.Text>
                          {r.builtinKey && (
                            <Tag style={{ marginInlineEnd: 0 }}>{t('privacy.register.tag.builtin')}</Tag>
                          )}
                          {r.retired && (
                            <Tag style={{ marginInlineEnd: 0 }}>{t('privacy.register.tag.retired')}</Tag>
                          )}
                          {r.sensitive.map((x) => (
                            <Tag key={x} color="volcano" style={{ marginInlineEnd: 0 }}>
                              {t(`privacy.register.sensitiveKind.${x}`)}
                            </Tag>
                          ))}
                          {r.crossBorder && (
                            <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                              {t('privacy.register.tag.crossBorder')}
                            </Tag>
                          )}
                          {r.reviewDue && (
                            <Tag color="red" style={{ marginInlineEnd: 0 }}>
                              {t('privacy.register.tag.reviewDue')}
                            </Tag>
                          )}
                          {r.missing.length > 0 && (
                            <Tag color="gold" style={{ marginInlineEnd: 0 }}>
                              {t('privacy.register.tag.missing', { count: r.missing.length })}
                            </Tag>
                          )}
                        </Space>
                      </Flex>
                    ))}
                  </Flex>
                ) : (
                  <Table<EntrySummary>
                    rowKey="id"
                    size="small"
                    loading={reg.isPending}
                    dataSource={reg.data?.items}
                    pagination={{ pageSize: 50, hideOnSinglePage: true }}
                    scroll={{ x: 860 }}
                    locale={{ emptyText: t('privacy.register.empty') }}
                    onRow={(r) => ({ onClick: () => setEntryId(r.id), style: { cursor: 'pointer' } })}
                    columns={[
                      {
                        title: f('name'),
                        key: 'name',
                        width: 260,
                        render: (_, r) => (
                          <Space direction="vertical" size={2}>
                            <Typography.Link
                              data-testid={`entry-${r.id}`}
                              style={r.retired ? { color: '#8c8c8c' } : undefined}
                            >
                              {r.name}
                            </Typography.Link>
                            <Space size={4} wrap>
                              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                v{r.version}
                              </Typography.Text>
                              {r.builtinKey && (
                                <Tag style={{ marginInlineEnd: 0 }}>{t('privacy.register.tag.builtin')}</Tag>
                              )}
                              {r.retired && (
                                <Tag style={{ marginInlineEnd: 0 }}>{t('privacy.register.tag.retired')}</Tag>
                              )}
                            </Space>
                          </Space>
                        ),
                      },
                      {
                        title: f('legalBasis'),
                        key: 'basis',
                        render: (_, r) => t(`privacy.register.basisShort.${r.legalBasis}`),
                      },
                      {
                        title: f('sensitive'),
                        key: 'sensitive',
                        render: (_, r) =>
                          r.sensitive.length ? (
                            <Space size={4} wrap>
                              {r.sensitive.map((s) => (
                                <Tag key={s} color="volcano" style={{ marginInlineEnd: 0 }}>
                                  {t(`privacy.register.sensitiveKind.${s}`)}
                                </Tag>
                              ))}
                            </Space>
                          ) : (
                            <Typography.Text type="secondary">
                              {t('privacy.register.tag.none')}
                            </Typography.Text>
                          ),
                      },
                      {
                        title: f('processors'),
                        key: 'processors',
                        render: (_, r) => (
                          <Space size={4}>
                            <span>{r.processors}</span>
                            {r.crossBorder && (
                              <Tag color="orange">{t('privacy.register.tag.crossBorder')}</Tag>
                            )}
                          </Space>
                        ),
                      },
                      {
                        title: f('reviewedOn'),
                        key: 'reviewed',
                        render: (_, r) => (
                          <Space size={4} wrap>
                            <span>{r.reviewedOn ?? t('privacy.register.tag.never')}</span>
                            {r.reviewDue && (
                              <Tag color="red" data-testid="review-due" style={{ marginInlineEnd: 0 }}>
                                {t('privacy.register.tag.reviewDue')}
                              </Tag>
                            )}
                          </Space>
                        ),
                      },
                      {
                        title: t('privacy.register.col.status'),
                        key: 'missing',
                        render: (_, r) =>
                          r.missing.length > 0 && (
                            <Tag
                              color="gold"
                              title={r.missing.map(f).join(t('common.listSeparator'))}
                              style={{ marginInlineEnd: 0 }}
                            >
                              {t('privacy.register.tag.missing', { count: r.missing.length })}
                            </Tag>
                          ),
                      },
                      {
                        title: t('privacy.register.col.updated'),
                        key: 'updated',
                        render: (_, r) => (
                          <span style={{ whiteSpace: 'nowrap' }}>
                            {dayjs(r.updatedAt).format('YYYY-MM-DD')}
                          </span>
                        ),
                      },
                    ]}
                  />
                )}
              </Card>
              <ProcessingRegisterEntry
                unionId={unionId}
                entryId={entryId}
                reviewMonths={months}
                onClose={() => setEntryId(null)}
                onCreated={setEntryId}
              />
              <ProcessingRegisterBuiltins
                unionId={unionId}
                open={builtinsOpen}
                onClose={() => setBuiltinsOpen(false)}
                onOpenEntry={(id) => {
                  setBuiltinsOpen(false);
                  setEntryId(id);
                }}
              />
            </>
          )}
        </>
      )}
    </Flex>
  );
}
