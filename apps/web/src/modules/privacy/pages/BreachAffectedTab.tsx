/** The affected-members tab of the breach incident page: the scope, the computation and the masked list. */
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { UUID_PATTERN as UUID } from '../../../shared/lib/patterns';
import { OrgTreeSelect, useOrgs } from '../../orgs';
import {
  type AffectedMember,
  type BreachDetail,
  DATA_CATEGORIES,
  searchAccounts,
  useAffected,
  useBreachMutations,
} from '../breach.api';
import { fmtTime } from './BreachParts';

interface ScopeValues {
  window: [Dayjs, Dayjs];
  actorIds?: string[];
  actions?: string[];
  orgId?: string;
}

/** Nodes of the incident's subtree (the scope may narrow to them). */
function useSubtree(rootId: string) {
  const orgs = useOrgs();
  return useMemo(() => {
    const children = new Map<string, string[]>();
    for (const o of orgs.data ?? [])
      if (o.parentId) children.set(o.parentId, [...(children.get(o.parentId) ?? []), o.id]);
    const out = new Set<string>();
    const walk = (id: string) => {
      out.add(id);
      for (const c of children.get(id) ?? []) walk(c);
    };
    walk(rootId);
    return out;
  }, [orgs.data, rootId]);
}

/** The scope form, the integrity of the trail, the totals and the masked list of affected members. */
export function BreachAffectedTab({ b }: { b: BreachDetail }) {
  const { t } = useTranslation();
  const m = useBreachMutations(b.id);
  const subtree = useSubtree(b.orgId);
  const [accounts, setAccounts] = useState<{ value: string; label: string }[]>(
    (b.snapshot?.scope.actors ?? []).map((a) => ({ value: a.id, label: a.name })),
  );
  const [channel, setChannel] = useState<'all' | 'account' | 'offline'>('all');
  const [page, setPage] = useState(1);
  const list = useAffected(b.id, channel === 'all' ? undefined : channel, page, b.snapshot?.computedAt);
  const groups = useMemo(() => {
    const by = new Map<string, string[]>();
    for (const e of b.catalogue) by.set(e.group, [...(by.get(e.group) ?? []), e.action]);
    return [...by].map(([g, actions]) => ({
      label: t(`privacy.breach.groups.${g}`),
      title: g,
      options: actions.map((a) => ({ value: a, label: a })),
    }));
  }, [b.catalogue, t]);
  const s = b.snapshot;
  const initial: Partial<ScopeValues> = s
    ? {
        window: [dayjs(s.scope.from), dayjs(s.scope.to)],
        actorIds: s.scope.actors.map((a) => a.id),
        actions: s.scope.actions ?? undefined,
        orgId: s.scope.orgId,
      }
    : {
        window: [
          b.occurredFrom ? dayjs(b.occurredFrom) : dayjs(b.discoveredAt).subtract(7, 'day'),
          b.occurredTo ? dayjs(b.occurredTo) : dayjs(),
        ],
        orgId: b.orgId,
      };
  const search = (q: string) => {
    const text = q.trim();
    if (text.length < 1) return;
    // an account id copied from the audit log (accounts outside the caller's user scope)
    if (UUID.test(text)) {
      setAccounts((prev) =>
        prev.some((p) => p.value === text.toLowerCase())
          ? prev
          : [
              ...prev,
              { value: text.toLowerCase(), label: t('privacy.breach.scope.accountId', { id: text }) },
            ],
      );
      return;
    }
    void searchAccounts(text).then((items) =>
      setAccounts((prev) => {
        const keep = prev.filter((p) => !items.some((i) => i.id === p.value));
        return [
          ...keep,
          ...items.map((i) => ({ value: i.id, label: `${i.displayName} (${i.username}) · ${i.orgName}` })),
        ];
      }),
    );
  };
  return (
    <Flex vertical gap={16}>
      {b.abilities.compute ? (
        <Card size="small" title={t('privacy.breach.scope.title')}>
          <Typography.Paragraph type="secondary">{t('privacy.breach.scope.intro')}</Typography.Paragraph>
          <Form<ScopeValues>
            layout="vertical"
            initialValues={initial}
            onFinish={(v) =>
              m.compute.mutate(
                {
                  from: v.window[0].toISOString(),
                  to: v.window[1].toISOString(),
                  actorIds: v.actorIds?.length ? v.actorIds : undefined,
                  actions: v.actions?.length ? v.actions : undefined,
                  orgId: v.orgId,
                },
                { onSuccess: () => setPage(1) },
              )
            }
          >
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item
                  name="window"
                  label={t('privacy.breach.scope.window')}
                  rules={[{ required: true, message: t('common.required') }]}
                >
                  <DatePicker.RangePicker
                    showTime={{ format: 'HH:mm' }}
                    format="YYYY-MM-DD HH:mm"
                    style={{ width: '100%' }}
                    data-testid="breach-window"
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="orgId" label={t('privacy.breach.scope.org')}>
                  <OrgTreeSelect selectable={(n) => subtree.has(n.id)} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="actorIds" label={t('privacy.breach.scope.actors')}>
              <Select
                mode="multiple"
                showSearch={{ filterOption: false, onSearch: search }}
                options={accounts}
                placeholder={t('privacy.breach.scope.actorsPlaceholder')}
                data-testid="breach-actors"
              />
            </Form.Item>
            <Form.Item name="actions" label={t('privacy.breach.scope.actions')}>
              <Select
                mode="multiple"
                allowClear
                options={groups}
                placeholder={t('privacy.breach.scope.actionsPlaceholder')}
                data-testid="breach-actions"
              />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              loading={m.compute.isPending}
              data-testid="breach-compute"
            >
              {s ? t('privacy.breach.scope.recompute') : t('privacy.breach.scope.compute')}
            </Button>
            <ErrorAlert error={m.compute.error} style={{ marginTop: 12 }} />
          </Form>
        </Card>
      ) : (
        s && b.status !== 'closed' && <Alert type="info" showIcon title={t('privacy.breach.scope.frozen')} />
      )}
      {!s ? (
        <Empty description={t('privacy.breach.notComputed')} />
      ) : (
        <>
          <Alert
            type={s.chain.ok ? 'success' : 'error'}
            showIcon
            data-testid="breach-chain"
            title={
              s.chain.ok
                ? t('privacy.breach.chain.ok', { n: s.chain.checked })
                : t('privacy.breach.chain.broken', { seq: s.chain.firstBadSeq, reason: s.chain.reason })
            }
          />
          <Typography.Text type="secondary">
            {t('privacy.breach.scope.computedAt', {
              at: fmtTime(s.computedAt),
              from: fmtTime(s.scope.from),
              to: fmtTime(s.scope.to),
              org: s.scope.orgName,
            })}
            {' · '}
            {s.scope.actors.length
              ? s.scope.actors.map((a) => a.name).join(t('common.listSeparator'))
              : t('privacy.breach.scope.allActors')}
            {' · '}
            {s.scope.actions
              ? s.scope.actions.join(t('common.listSeparator'))
              : t('privacy.breach.scope.allActions')}
          </Typography.Text>
          <Row gutter={[12, 12]}>
            {(
              [
                ['members', s.totals.members],
                ['withAccount', s.totals.withAccount],
                ['offline', s.totals.offline],
                ['events', s.totals.events],
                ['outside', s.totals.outsideScope],
              ] as const
            ).map(([k, v]) => (
              <Col key={k} xs={12} sm={8} md={4} style={{ display: 'flex' }}>
                <Card size="small" style={{ flex: 1 }}>
                  <Statistic title={t(`privacy.breach.totals.${k}`)} value={v} />
                </Card>
              </Col>
            ))}
          </Row>
          <Flex vertical gap={4}>
            <Typography.Text strong>{t('privacy.breach.totals.byCategory')}</Typography.Text>
            <Space size={[4, 4]} wrap>
              {DATA_CATEGORIES.filter((c) => s.totals.byCategory[c]).map((c) => (
                <Tag key={c}>
                  {t(`privacy.breachCategories.${c}`)}: {s.totals.byCategory[c]}
                </Tag>
              ))}
            </Space>
          </Flex>
          {s.totals.unresolved.length > 0 && (
            <Alert
              type="warning"
              showIcon
              data-testid="breach-unresolved"
              title={t('privacy.breach.totals.unresolved')}
              description={
                <Flex vertical gap={2}>
                  {s.totals.unresolved.map((u) => (
                    <span key={`${u.action}-${u.reason}`}>
                      {t(`privacy.breach.totals.reason.${u.reason}`)} ·{' '}
                      {t('privacy.breach.totals.unresolvedRow', {
                        action: u.action,
                        events: u.events,
                        rows: u.rows ? t('privacy.breach.totals.rows', { n: u.rows }) : '',
                      })}
                    </span>
                  ))}
                  <Typography.Text type="secondary">{t('privacy.breach.scope.bulkNote')}</Typography.Text>
                </Flex>
              }
            />
          )}
          <Segmented
            value={channel}
            onChange={(v) => {
              setChannel(v as typeof channel);
              setPage(1);
            }}
            options={[
              { value: 'all', label: t('privacy.breach.table.all') },
              { value: 'account', label: t('privacy.breach.table.channels.account') },
              { value: 'offline', label: t('privacy.breach.table.channels.offline') },
            ]}
          />
          <ErrorAlert error={list.error} />
          <Table<AffectedMember>
            rowKey="memberId"
            size="small"
            loading={list.isFetching}
            dataSource={list.data?.items}
            scroll={{ x: 760 }}
            data-testid="breach-affected-table"
            pagination={{
              current: page,
              pageSize: 20,
              total: list.data?.total ?? 0,
              hideOnSinglePage: true,
              onChange: setPage,
            }}
            columns={[
              {
                title: t('privacy.breach.table.member'),
                key: 'm',
                render: (_, r) => (
                  <Space direction="vertical" size={0}>
                    <span style={{ whiteSpace: 'nowrap' }}>{r.nameMasked}</span>
                    <Typography.Text type="secondary">{r.memberNo}</Typography.Text>
                  </Space>
                ),
              },
              { title: t('privacy.breach.table.org'), dataIndex: 'orgName' },
              { title: t('privacy.breach.table.events'), dataIndex: 'events', align: 'right' },
              {
                title: t('privacy.breach.table.categories'),
                key: 'c',
                render: (_, r) => (
                  <Space size={[2, 2]} wrap>
                    {r.categories.map((c) => (
                      <Tag key={c}>{t(`privacy.breachCategories.${c}`)}</Tag>
                    ))}
                  </Space>
                ),
              },
              {
                title: t('privacy.breach.table.channel'),
                key: 'ch',
                render: (_, r) => (
                  <Tag color={r.channel === 'account' ? 'blue' : 'orange'}>
                    {t(`privacy.breach.table.channels.${r.channel}`)}
                  </Tag>
                ),
              },
              {
                title: t('privacy.breach.table.notified'),
                key: 'n',
                render: (_, r) => (r.notifiedAt ? fmtTime(r.notifiedAt) : t('privacy.breach.table.notYet')),
              },
            ]}
          />
        </>
      )}
    </Flex>
  );
}
