import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Radio, Select, Table, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../shared/api/errors';
import type { OrgNode } from '../../../shared/api/types';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { OrgTreeSelect, useOrgs } from '../../orgs';
import {
  type AssignmentRuleInput,
  casesApi,
  useAssignmentRules,
  useCaseMutation,
  useRuleHandlers,
  useUnionCaseTypes,
} from '../api';
import { typeName } from '../components/labels';

type Row = AssignmentRuleInput & { rowKey: string };
let seq = 0;
const rowKey = () => `r${++seq}`;

/** The account picker of one rule: the handlers holding cases.handle on the rule's unit. */
function HandlerSelect({
  t,
  unionId,
  row,
  onChange,
  index,
}: {
  t: TFunction;
  unionId: string;
  row: Row;
  onChange: (userId: string | null) => void;
  index: number;
}) {
  const q = useRuleHandlers(unionId, row.orgId || undefined);
  if (row.mode !== 'user')
    return <Typography.Text type="secondary">{t('cases.rules.rotaHelp')}</Typography.Text>;
  return (
    <Select
      style={{ minWidth: 180 }}
      aria-label={t('cases.rules.handler')}
      placeholder={t('cases.rules.pickHandler')}
      loading={q.isLoading}
      value={row.userId ?? undefined}
      onChange={(v) => onChange(v ?? null)}
      status={row.userId ? undefined : 'warning'}
      notFoundContent={t('cases.rules.noHandlers')}
      options={(q.data?.items ?? []).map((h) => ({
        value: h.userId,
        label: `${h.displayName} (${h.username})`,
      }))}
      data-testid={`rule-user-${index}`}
    />
  );
}

/**
 * Who gets a new (or escalated) case: per unit, optionally per case type, a named handler or a rota
 * of everyone who may handle cases there. The most specific rule wins; `take` still works by hand.
 */
export default function AssignmentRulesPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('cases.rules.title'));
  const { message } = App.useApp();
  const qc = useQueryClient();
  const orgs = useOrgs();
  const unions = useMemo(() => (orgs.data ?? []).filter((o) => o.kind === 'grassroots'), [orgs.data]);
  const [unionId, setUnionId] = useState<string>();
  useEffect(() => {
    if (!unionId && unions[0]) setUnionId(unions[0].id);
  }, [unionId, unions]);
  const rules = useAssignmentRules(unionId);
  const types = useUnionCaseTypes(unionId);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (rules.data && !dirty) setRows(rules.data.rules.map((r) => ({ ...r, rowKey: rowKey() })));
  }, [rules.data, dirty]);
  const save = useCaseMutation((rs: Row[]) =>
    casesApi.saveRules(
      unionId!,
      rs.map(({ orgId, typeKey, mode, userId }) => ({
        orgId,
        typeKey,
        mode,
        userId: mode === 'user' ? userId : null,
      })),
    ),
  );
  const byId = useMemo(() => new Map((orgs.data ?? []).map((o) => [o.id, o])), [orgs.data]);
  const inUnion = (n: OrgNode) => {
    for (let cur: OrgNode | undefined = n; cur; cur = cur.parentId ? byId.get(cur.parentId) : undefined)
      if (cur.id === unionId) return true;
    return false;
  };
  const set = (i: number, patch: Partial<Row>) => {
    setRows((rs) => (rs ?? []).map((r, j) => (j === i ? { ...r, ...patch } : r)));
    setDirty(true);
  };
  const bad =
    isApiError(save.error) && typeof save.error.details?.index === 'number' ? save.error.details.index : -1;
  const problem = isApiError(save.error) ? save.error.details?.problem : undefined;

  if (orgs.isLoading) return <Loading />;
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('cases.rules.title')}
        </Typography.Title>
        {unions.length > 1 && (
          <Select
            style={{ minWidth: 220 }}
            value={unionId}
            aria-label={t('cases.rules.union')}
            onChange={(v) => {
              setUnionId(v);
              setRows(null);
              setDirty(false);
            }}
            options={unions.map((u) => ({ value: u.id, label: u.name }))}
          />
        )}
      </Flex>
      <Alert type="info" showIcon title={t('cases.rules.intro')} />
      <ErrorAlert error={orgs.error ?? rules.error} />
      {unions.length === 0 && !orgs.error && <Empty description={t('cases.editor.noUnion')} />}
      {unionId && rows && (
        <Card
          size="small"
          extra={
            <Flex gap={8}>
              {dirty && <Tag color="orange">{t('cases.editor.changed')}</Tag>}
              <Button
                type="primary"
                icon={<SaveOutlined />}
                loading={save.isPending}
                disabled={!dirty}
                data-testid="rules-save"
                onClick={() =>
                  save.mutate(rows, {
                    onSuccess: (r) => {
                      message.success(t('cases.editor.saved'));
                      qc.setQueryData(['cases', 'rules', unionId], r);
                      setRows(r.rules.map((x) => ({ ...x, rowKey: rowKey() })));
                      setDirty(false);
                    },
                  })
                }
              >
                {t('cases.editor.save')}
              </Button>
            </Flex>
          }
        >
          {bad >= 0 ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              style={{ marginBottom: 12 }}
              data-testid="rules-problem"
              title={t('cases.rules.problemAt', {
                n: bad + 1,
                problem: t(`cases.rules.problem.${String(problem)}`, { defaultValue: String(problem) }),
              })}
            />
          ) : (
            <ErrorAlert error={save.error} style={{ marginBottom: 12 }} />
          )}
          <Table<Row>
            size="small"
            rowKey="rowKey"
            pagination={false}
            dataSource={rows}
            scroll={{ x: 'max-content' }}
            data-testid="rules-table"
            rowClassName={(_r, i) => (i === bad ? 'ant-table-row-selected' : '')}
            locale={{ emptyText: <Empty description={t('cases.rules.none')} /> }}
            columns={[
              { title: '#', render: (_v, _r, i) => i + 1, width: 40 },
              {
                title: t('cases.rules.unit'),
                render: (_v, r, i) => (
                  <OrgTreeSelect
                    value={r.orgId || undefined}
                    onChange={(v) => set(i, { orgId: v ?? '', userId: null })}
                    selectable={inUnion}
                    aria-label={t('cases.rules.unit')}
                    style={{ minWidth: 200 }}
                    data-testid={`rule-org-${i}`}
                  />
                ),
              },
              {
                title: t('cases.type'),
                render: (_v, r, i) => (
                  <Select
                    style={{ minWidth: 150 }}
                    aria-label={t('cases.type')}
                    value={r.typeKey ?? ''}
                    data-testid={`rule-type-${i}`}
                    onChange={(v) => set(i, { typeKey: v || null })}
                    options={[
                      { value: '', label: t('cases.rules.anyType') },
                      ...(types.data?.items ?? []).map((x) => ({
                        value: x.key,
                        label: typeName(t, x.key, types.data?.items, i18n.language),
                      })),
                    ]}
                  />
                ),
              },
              {
                title: t('cases.rules.mode'),
                render: (_v, r, i) => (
                  <Radio.Group
                    value={r.mode}
                    onChange={(e) => set(i, { mode: e.target.value, userId: null })}
                    options={[
                      { value: 'user', label: t('cases.rules.modeUser') },
                      { value: 'round_robin', label: t('cases.rules.modeRota') },
                    ]}
                  />
                ),
              },
              {
                title: t('cases.rules.handler'),
                render: (_v, r, i) => (
                  <HandlerSelect
                    t={t}
                    unionId={unionId}
                    row={r}
                    index={i}
                    onChange={(userId) => set(i, { userId })}
                  />
                ),
              },
              {
                title: '',
                render: (_v, _r, i) => (
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('cases.editor.remove')}
                    onClick={() => {
                      setRows((rs) => (rs ?? []).filter((_, j) => j !== i));
                      setDirty(true);
                    }}
                  />
                ),
              },
            ]}
          />
          <Button
            style={{ marginTop: 12 }}
            icon={<PlusOutlined />}
            data-testid="rules-add"
            onClick={() => {
              setRows((rs) => [
                ...(rs ?? []),
                { rowKey: rowKey(), orgId: unionId, typeKey: null, mode: 'round_robin', userId: null },
              ]);
              setDirty(true);
            }}
          >
            {t('cases.rules.add')}
          </Button>
        </Card>
      )}
    </Flex>
  );
}
