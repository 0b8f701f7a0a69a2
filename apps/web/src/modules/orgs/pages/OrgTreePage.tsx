import { Card, Col, Empty, Grid, Input, Row, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { usePageTitle } from '../../../shared/components/usePageTitle';
import { useOrgs } from '../api';
import { type OrgAction, OrgActionModals } from '../components/OrgActionModals';
import { OrgDetails } from '../components/OrgDetails';
import { buildOrgTree, type OrgTreeItem } from '../tree';

export default function OrgTreePage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('orgs.title'));
  const orgs = useOrgs();
  const phone = Grid.useBreakpoint().md === false;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [action, setAction] = useState<OrgAction | null>(null);
  const [filter, setFilter] = useState('');
  const detailsRef = useRef<HTMLDivElement>(null);

  const nodes = orgs.data ?? [];
  const forest = useMemo(() => buildOrgTree(nodes, i18n.language), [nodes, i18n.language]);
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const selected = selectedId ? byId.get(selectedId) : undefined;

  // Open the first two levels once the list arrives; later the user decides.
  useEffect(() => {
    if (expanded || forest.length === 0) return;
    setExpanded(forest.flatMap((r) => [r.node.id, ...r.children.map((c) => c.node.id)]));
    if (!selectedId && forest[0]) setSelectedId(forest[0].node.id);
  }, [forest, expanded, selectedId]);

  const q = filter.trim().toLowerCase();
  const toData = (item: OrgTreeItem): DataNode | null => {
    const children = item.children.map(toData).filter((c): c is DataNode => c !== null);
    if (q && !item.node.name.toLowerCase().includes(q) && children.length === 0) return null;
    const closed = item.node.status === 'closed';
    return {
      key: item.node.id,
      title: (
        <span className={closed ? 'uh-closed-node' : undefined}>
          <span>{item.node.name}</span>
          {closed && (
            <Tag style={{ marginInlineStart: 6 }} bordered={false}>
              {t('orgStatus.closed')}
            </Tag>
          )}
        </span>
      ),
      children,
    };
  };
  const treeData = forest.map(toData).filter((c): c is DataNode => c !== null);

  if (orgs.isPending) return <Loading />;
  if (orgs.isError) return <ErrorAlert error={orgs.error} />;

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('orgs.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={11} lg={10}>
          <Card styles={{ body: { padding: 12 } }}>
            <Input.Search
              allowClear
              placeholder={t('orgs.search')}
              onChange={(e) => setFilter(e.target.value)}
              style={{ marginBottom: 8 }}
            />
            {treeData.length === 0 ? (
              <Empty description={t('orgs.empty')} />
            ) : (
              <div data-testid="org-tree">
                <Tree
                  blockNode
                  showLine
                  treeData={treeData}
                  expandedKeys={q ? nodes.map((n) => n.id) : (expanded ?? [])}
                  onExpand={(keys) => setExpanded(keys.map(String))}
                  selectedKeys={selectedId ? [selectedId] : []}
                  onSelect={(keys) => {
                    if (keys[0] === undefined) return;
                    setSelectedId(String(keys[0]));
                    if (phone)
                      setTimeout(() => detailsRef.current?.scrollIntoView({ behavior: 'smooth' }), 50);
                  }}
                />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} md={13} lg={14}>
          <div ref={detailsRef}>
            <Card title={t('orgs.details')}>
              {selected ? (
                <OrgDetails
                  node={selected}
                  parentName={selected.parentId ? byId.get(selected.parentId)?.name : undefined}
                  onAction={setAction}
                />
              ) : (
                <Empty description={t('orgs.select')} />
              )}
            </Card>
          </div>
        </Col>
      </Row>
      {selected && (
        <OrgActionModals
          node={selected}
          action={action}
          onClose={() => setAction(null)}
          onCreated={(n) => {
            setExpanded((e) => [...new Set([...(e ?? []), selected.id])]);
            setSelectedId(n.id);
          }}
        />
      )}
    </>
  );
}
