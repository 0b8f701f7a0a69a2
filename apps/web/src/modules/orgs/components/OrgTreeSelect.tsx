import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgNode } from '../../../shared/api/types';
import { useOrgs } from '../api';
import { buildOrgTree, type OrgTreeItem } from '../tree';

interface Props {
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  /** Nodes for which this returns false are shown but cannot be picked. */
  selectable?: (node: OrgNode) => boolean;
  'data-testid'?: string;
  /** Set by Form.Item so its label names the control; give aria-label where there is no label. */
  id?: string;
  'aria-label'?: string;
  style?: React.CSSProperties;
}

interface Option {
  value: string;
  title: string;
  disabled: boolean;
  children: Option[];
}

/** Picks one organisation from the caller's visible tree. Closed organisations cannot be picked. */
export function OrgTreeSelect({ selectable, ...props }: Props) {
  const { i18n } = useTranslation();
  const orgs = useOrgs();
  const toOption = (item: OrgTreeItem): Option => ({
    value: item.node.id,
    title: item.node.name,
    disabled: item.node.status === 'closed' || (selectable ? !selectable(item.node) : false),
    children: item.children.map(toOption),
  });
  const treeData = buildOrgTree(orgs.data ?? [], i18n.language).map(toOption);
  return (
    <TreeSelect
      {...props}
      loading={orgs.isPending}
      treeData={treeData}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll={treeData.length < 50}
      popupMatchSelectWidth={false}
      style={{ width: '100%', ...props.style }}
    />
  );
}
