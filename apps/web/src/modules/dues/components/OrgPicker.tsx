import { useTranslation } from 'react-i18next';
import type { OrgNode } from '../../../shared/api/types';
import { OrgTreeSelect } from '../../orgs';

/** The org filter of every dues console page; `unionsOnly` for the union-level rules. */
export function OrgPicker({
  value,
  onChange,
  unionsOnly,
}: {
  value?: string;
  onChange: (v: string | undefined) => void;
  unionsOnly?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <OrgTreeSelect
      value={value}
      onChange={onChange}
      selectable={unionsOnly ? (n: OrgNode) => n.kind === 'grassroots' : undefined}
      placeholder={t(unionsOnly ? 'dues.pickUnion' : 'dues.pickOrg')}
      aria-label={t(unionsOnly ? 'dues.union' : 'dues.org')}
      style={{ width: 280 }}
      data-testid="dues-org"
    />
  );
}
