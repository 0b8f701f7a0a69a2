/** The tabs of the breach incident page: the incident's fields, affected members, notices, history. */
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Popconfirm,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Timeline,
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
  type BreachPatch,
  DATA_CATEGORIES,
  fetchRegulatorNotice,
  saveText,
  searchAccounts,
  useAffected,
  useBreachMutations,
} from '../breach.api';
import { fmtTime } from './BreachParts';

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

interface DetailValues {
  title: string;
  discoveredAt: Dayjs;
  occurred?: [Dayjs | null, Dayjs | null] | null;
  description: string;
  cause: string;
  categories: string[];
  consequences: string;
  measuresTaken: string;
  memberMeasures: string;
  contact: string;
  delayReason: string;
}

const TEXT_FIELDS = [
  'description',
  'cause',
  'consequences',
  'measuresTaken',
  'memberMeasures',
  'contact',
  'delayReason',
] as const;

/** The incident's fields: what goes into the notices (PIPL 57, GDPR 33(3)). */
export function BreachDetailsTab({ b }: { b: BreachDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const m = useBreachMutations(b.id);
  const [form] = Form.useForm<DetailValues>();
  const initial: DetailValues = useMemo(
    () => ({
      title: b.title,
      discoveredAt: dayjs(b.discoveredAt),
      occurred:
        b.occurredFrom || b.occurredTo
          ? [b.occurredFrom ? dayjs(b.occurredFrom) : null, b.occurredTo ? dayjs(b.occurredTo) : null]
          : null,
      description: b.description,
      cause: b.cause,
      categories: b.categories,
      consequences: b.consequences,
      measuresTaken: b.measuresTaken,
      memberMeasures: b.memberMeasures,
      contact: b.contact,
      delayReason: b.delayReason,
    }),
    [b],
  );
  const computedCats = b.snapshot
    ? DATA_CATEGORIES.filter((c) => (b.snapshot?.totals.byCategory[c] ?? 0) > 0)
    : [];
  const save = (v: DetailValues) => {
    const patch: BreachPatch = {};
    if (v.title.trim() !== b.title) patch.title = v.title.trim();
    if (!v.discoveredAt.isSame(dayjs(b.discoveredAt), 'minute'))
      patch.discoveredAt = v.discoveredAt.toISOString();
    const from = v.occurred?.[0]?.toISOString() ?? null;
    const to = v.occurred?.[1]?.toISOString() ?? null;
    if (from !== (b.occurredFrom && dayjs(b.occurredFrom).toISOString())) patch.occurredFrom = from;
    if (to !== (b.occurredTo && dayjs(b.occurredTo).toISOString())) patch.occurredTo = to;
    for (const k of TEXT_FIELDS) if ((v[k] ?? '') !== b[k]) patch[k] = v[k] ?? '';
    if ([...(v.categories ?? [])].sort().join() !== [...b.categories].sort().join())
      patch.categories = v.categories;
    if (Object.keys(patch).length === 0) {
      message.info(t('privacy.breach.actions.saved'));
      return;
    }
    m.update.mutate(patch, { onSuccess: () => message.success(t('privacy.breach.actions.saved')) });
  };
  const disabled = !b.abilities.edit;
  const lateNotice = b.deadline.overdue || b.deadline.notifiedLate || b.delayReason !== '';
  const area = (name: (typeof TEXT_FIELDS)[number], rows = 3, max = 5000) => (
    <Form.Item name={name} label={t(`privacy.breach.fields.${name}`)}>
      <Input.TextArea
        rows={rows}
        maxLength={max}
        placeholder={t(`privacy.breach.placeholders.${name}`)}
        data-testid={`breach-field-${name}`}
      />
    </Form.Item>
  );
  return (
    <Flex vertical gap={12}>
      <MissingAlert missing={b.missing.regulator} />
      <Typography.Text type="secondary">{t('privacy.breach.lawHint')}</Typography.Text>
      <Form<DetailValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        disabled={disabled}
        onFinish={save}
        key={b.history.length}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="title"
              label={t('privacy.breach.fields.title')}
              rules={[{ required: true, whitespace: true, message: t('common.required') }]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="discoveredAt"
              label={t('privacy.breach.fields.discoveredAt')}
              extra={t('privacy.breach.discoveredHint')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                allowClear={false}
                disabled={disabled || Boolean(b.regulatorNotifiedAt)}
                disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="occurred" label={t('privacy.breach.fields.occurred')}>
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            allowEmpty={[true, true]}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            style={{ width: '100%' }}
          />
        </Form.Item>
        {area('description', 4)}
        {area('cause')}
        <Form.Item
          name="categories"
          label={
            <Space size={8} wrap>
              <span>{t('privacy.breach.fields.categories')}</span>
              {computedCats.length > 0 && !disabled && (
                <Button
                  size="small"
                  type="link"
                  onClick={() => form.setFieldValue('categories', computedCats)}
                  data-testid="breach-use-computed"
                >
                  {t('privacy.breach.useComputed')}
                </Button>
              )}
            </Space>
          }
        >
          <Checkbox.Group
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: 6 }}
            options={DATA_CATEGORIES.map((c) => ({ value: c, label: t(`privacy.breachCategories.${c}`) }))}
          />
        </Form.Item>
        {area('consequences')}
        {area('measuresTaken')}
        {area('memberMeasures')}
        {area('contact', 2, 1000)}
        {lateNotice && area('delayReason')}
        {!disabled && (
          <Button type="primary" htmlType="submit" loading={m.update.isPending} data-testid="breach-save">
            {t('privacy.breach.actions.save')}
          </Button>
        )}
      </Form>
      <ErrorAlert error={m.update.error} />
    </Flex>
  );
}

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

/** The regulator report (preview, download in zh-CN or en) and the member notices. */
export function BreachNoticesTab({ b }: { b: BreachDetail }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const m = useBreachMutations(b.id);
  const [lang, setLang] = useState<'zh-CN' | 'en'>(i18n.language === 'en' ? 'en' : 'zh-CN');
  const [preview, setPreview] = useState<{ fileName: string; text: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const load = async (then: 'preview' | 'download') => {
    setBusy(true);
    setError(null);
    try {
      const n = await fetchRegulatorNotice(b.id, lang);
      setPreview(n);
      if (then === 'download') saveText(n.fileName, n.text);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const s = b.snapshot;
  const pending = s ? s.notices.account - s.notices.notified : 0;
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('privacy.breach.notices.regulatorTitle')}>
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">{t('privacy.breach.notices.regulatorText')}</Typography.Text>
          <MissingAlert missing={b.missing.regulator} />
          <Space wrap>
            <Segmented
              value={lang}
              onChange={(v) => {
                setLang(v as 'zh-CN' | 'en');
                setPreview(null);
              }}
              options={[
                { value: 'zh-CN', label: '中文' },
                { value: 'en', label: 'English' },
              ]}
            />
            <Button onClick={() => void load('preview')} loading={busy} data-testid="breach-notice-preview">
              {t('privacy.breach.notices.preview')}
            </Button>
            <Button
              type="primary"
              onClick={() => void load('download')}
              loading={busy}
              data-testid="breach-notice-download"
            >
              {t('privacy.breach.notices.download')}
            </Button>
          </Space>
          <ErrorAlert error={error} />
          {preview && (
            <Typography.Paragraph
              data-testid="breach-notice-text"
              style={{
                whiteSpace: 'pre-wrap',
                maxHeight: 420,
                overflow: 'auto',
                background: 'rgba(0,0,0,0.03)',
                padding: 12,
                borderRadius: 6,
                fontSize: 13,
                margin: 0,
              }}
            >
              {preview.text}
            </Typography.Paragraph>
          )}
        </Flex>
      </Card>
      <Card size="small" title={t('privacy.breach.notices.membersTitle')}>
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">{t('privacy.breach.notices.membersText')}</Typography.Text>
          {!s && <Alert type="info" showIcon title={t('privacy.breach.notices.needCompute')} />}
          {s && (
            <Typography.Text data-testid="breach-notice-status">
              {t('privacy.breach.notices.status', s.notices)}
            </Typography.Text>
          )}
          {b.membersNotifiedAt && (
            <Typography.Text>
              {t('privacy.breach.notices.notifiedAt', { at: fmtTime(b.membersNotifiedAt) })}
            </Typography.Text>
          )}
          {b.noMemberNoticeReason && (
            <Typography.Text>
              {t('privacy.breach.notices.noNotice', { reason: b.noMemberNoticeReason })}
            </Typography.Text>
          )}
          <MissingAlert missing={b.missing.members} />
          {b.abilities.notifyMembers && (
            <Popconfirm
              title={t('privacy.breach.notices.sendConfirm', { n: pending })}
              okButtonProps={{ 'data-testid': 'breach-send-ok' } as Record<string, string>}
              onConfirm={() =>
                m.notifyMembers.mutate(undefined, {
                  onSuccess: (r) =>
                    message.success(
                      t('privacy.breach.notices.sent', {
                        sent: r.sent,
                        already: r.alreadyNotified,
                        offline: r.offline,
                      }),
                    ),
                })
              }
            >
              <Button
                type="primary"
                disabled={b.missing.members.length > 0 || (Boolean(b.membersNotifiedAt) && pending === 0)}
                loading={m.notifyMembers.isPending}
                data-testid="breach-notify-members"
                style={{ alignSelf: 'flex-start' }}
              >
                {t('privacy.breach.notices.send')}
              </Button>
            </Popconfirm>
          )}
          <ErrorAlert error={m.notifyMembers.error} />
        </Flex>
      </Card>
    </Flex>
  );
}

/** The incident's audit entries, oldest first. */
export function BreachHistoryTab({ b }: { b: BreachDetail }) {
  const { t } = useTranslation();
  const summary = (h: BreachDetail['history'][number]) => {
    const d = h.details;
    if (h.action === 'privacy.breach_computed')
      return t('privacy.breach.history.computed', {
        members: d.members,
        chain: d.chainOk ? t('privacy.breach.history.chainOk') : t('privacy.breach.history.chainBroken'),
      });
    if (h.action === 'privacy.breach_members_notified')
      return t('privacy.breach.history.sent', { sent: d.sent });
    if (h.action === 'privacy.breach_updated' && Array.isArray(d.fields))
      return t('privacy.breach.history.fields', {
        fields: (d.fields as string[])
          .map((f) =>
            t(`privacy.breach.fields.${f === 'occurredFrom' || f === 'occurredTo' ? 'occurred' : f}`),
          )
          .join(t('common.listSeparator')),
      });
    if (h.action === 'privacy.breach_regulator_notified') return String(d.authority ?? '');
    if (h.action === 'privacy.breach_closed' && d.noMemberNoticeReason) return String(d.noMemberNoticeReason);
    return '';
  };
  return (
    <Timeline
      items={b.history.map((h) => ({
        key: h.seq,
        content: (
          <Flex vertical gap={0}>
            <span>
              <Typography.Text strong>
                {t(`privacy.breach.history.${h.action}`, { defaultValue: h.action })}
              </Typography.Text>
              {' · '}
              {h.actorName ?? t('privacy.breach.history.system')}
            </span>
            <Typography.Text type="secondary">
              {fmtTime(h.at)}
              {summary(h) ? ` · ${summary(h)}` : ''}
            </Typography.Text>
          </Flex>
        ),
      }))}
    />
  );
}
