import { DeleteOutlined, DragOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Descriptions, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgNode } from '../../../shared/api/types';
import type { OrgAction } from './OrgActionModals';

interface Props {
  node: OrgNode;
  parentName: string | undefined;
  onAction: (a: OrgAction) => void;
}

/** Details of the selected organisation and the actions its abilities allow. */
export function OrgDetails({ node, parentName, onAction }: Props) {
  const { t } = useTranslation();
  const closed = node.status === 'closed';
  const ab = node.abilities;
  const canCreate = ab.create && !closed && node.childKinds.length > 0;
  const any =
    canCreate || (ab.rename && !closed) || (ab.move && !closed && node.parentId) || (ab.close && !closed);
  return (
    <Flex vertical gap={16} data-testid="org-details">
      <Flex align="center" gap={8} wrap>
        <Typography.Title level={4} style={{ margin: 0 }} type={closed ? 'secondary' : undefined}>
          {node.name}
        </Typography.Title>
        <Tag color={closed ? 'default' : 'red'}>{t(`orgKind.${node.kind}`)}</Tag>
        {closed && <Tag>{t('orgStatus.closed')}</Tag>}
      </Flex>
      <Descriptions
        column={1}
        size="small"
        bordered
        items={[
          { key: 'kind', label: t('orgs.kind'), children: t(`orgKind.${node.kind}`) },
          { key: 'status', label: t('orgs.status'), children: t(`orgStatus.${node.status}`) },
          {
            key: 'parent',
            label: t('orgs.parent'),
            children: parentName ?? (node.parentId ? t('orgs.parentHidden') : t('orgs.root')),
          },
          { key: 'depth', label: t('orgs.level'), children: node.depth + 1 },
        ]}
      />
      {any ? (
        <Flex gap={8} wrap>
          {canCreate && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => onAction('create')}
              data-testid="org-create-child"
            >
              {t('orgs.createChild')}
            </Button>
          )}
          {ab.rename && !closed && (
            <Button icon={<EditOutlined />} onClick={() => onAction('rename')} data-testid="org-rename">
              {t('orgs.rename')}
            </Button>
          )}
          {ab.move && !closed && node.parentId && (
            <Button icon={<DragOutlined />} onClick={() => onAction('move')} data-testid="org-move">
              {t('orgs.move')}
            </Button>
          )}
          {ab.close && !closed && (
            <Button
              danger
              icon={<DeleteOutlined />}
              onClick={() => onAction('close')}
              data-testid="org-close"
            >
              {t('orgs.close')}
            </Button>
          )}
        </Flex>
      ) : (
        <Typography.Text type="secondary">
          {ab.create && !closed && node.childKinds.length === 0
            ? t('orgs.noChildKinds')
            : t('orgs.noActions')}
        </Typography.Text>
      )}
    </Flex>
  );
}
