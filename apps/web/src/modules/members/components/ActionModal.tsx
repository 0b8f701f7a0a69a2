import { App } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../../shared/components/FormModal';
import { memberApi, type OfficerAction, useMemberMutation } from '../api';
import { ReasonFields } from './ReasonFields';

interface Props {
  memberId: string;
  memberName: string;
  action: OfficerAction | null;
  onClose: () => void;
}

const DANGER: OfficerAction[] = ['reject', 'leave', 'expel'];

/** One lifecycle step on one member, with its reason and effective date. */
export function ActionModal({ memberId, memberName, action, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const run = useMemberMutation((v: { reason: string; effectiveDate?: Dayjs }) =>
    memberApi.transition(memberId, action!, v.reason.trim(), v.effectiveDate?.format('YYYY-MM-DD')),
  );
  return (
    <FormModal<{ reason: string; effectiveDate?: Dayjs }>
      open={!!action}
      title={action ? `${t(`members.action.${action}`)} · ${memberName}` : ''}
      okText={action ? t(`members.action.${action}`) : undefined}
      danger={!!action && DANGER.includes(action)}
      pending={run.isPending}
      error={run.error}
      onCancel={() => {
        run.reset();
        onClose();
      }}
      onSubmit={(v) =>
        run.mutate(v, {
          onSuccess: () => {
            message.success(t('members.saved'));
            onClose();
          },
        })
      }
    >
      <ReasonFields withDate />
    </FormModal>
  );
}
