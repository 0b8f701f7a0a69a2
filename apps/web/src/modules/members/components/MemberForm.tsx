import { Checkbox, DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../../shared/components/FormModal';
import { OrgTreeSelect } from '../../orgs';
import { EDUCATION, ID_TYPES, type MemberView, memberApi, type PersonBody, useMemberMutation } from '../api';
import { mobileValid, residentIdValid } from '../idcheck';

type Values = Omit<PersonBody, 'joinDate' | 'birthDate'> & { joinDate?: Dayjs; birthDate?: Dayjs };

interface Props {
  open: boolean;
  /** Editing this member; creating when absent. */
  member?: MemberView;
  onClose: (saved?: MemberView) => void;
}

const trimmed = (v?: string | null) => (v ? v.trim() : v);

/**
 * Create or edit a member. ID number, phone and address are write-only here: the form shows the
 * masked value and an empty field means "unchanged".
 */
export function MemberForm({ open, member, onClose }: Props) {
  const { t } = useTranslation();
  const save = useMemberMutation((v: Values) => {
    const body: PersonBody = {
      ...v,
      name: trimmed(v.name) ?? undefined,
      joinDate: v.joinDate?.format('YYYY-MM-DD'),
      birthDate: v.birthDate ? v.birthDate.format('YYYY-MM-DD') : undefined,
    };
    for (const k of [
      'idNumber',
      'phone',
      'address',
      'email',
      'employer',
      'department',
      'jobTitle',
    ] as const) {
      if (!body[k]) delete body[k];
    }
    if (!body.sensitiveConsentAttested) delete body.sensitiveConsentAttested;
    if (member) {
      if (body.orgId === member.orgId) delete body.orgId;
      return memberApi.update(member.id, body);
    }
    return memberApi.create(body);
  });
  const initial: Partial<Values> | undefined = member
    ? {
        name: member.name,
        gender: member.gender,
        idType: member.idType,
        orgId: member.orgId,
        employer: member.employer,
        department: member.department,
        jobTitle: member.jobTitle,
        education: member.education,
        joinDate: member.joinDate ? dayjs(member.joinDate) : undefined,
        birthDate: member.birthDate ? dayjs(member.birthDate) : undefined,
      }
    : { idType: 'resident_id', gender: 'unspecified', joinDate: dayjs() };
  return (
    <FormModal<Values>
      open={open}
      title={member ? `${t('members.edit')} · ${member.name}` : t('members.create')}
      okText={t('common.save')}
      pending={save.isPending}
      error={save.error}
      initialValues={initial}
      onCancel={() => {
        save.reset();
        onClose();
      }}
      onSubmit={(v) => save.mutate(v, { onSuccess: (m) => onClose(m) })}
    >
      {(form) => (
        <>
          <Form.Item
            name="name"
            label={t('members.col.name')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 100 }]}
          >
            <Input maxLength={100} data-testid="member-name" />
          </Form.Item>
          <Form.Item
            name="orgId"
            label={t('members.col.org')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <OrgTreeSelect
              selectable={(n) => ['grassroots', 'branch', 'group'].includes(n.kind)}
              data-testid="member-org"
            />
          </Form.Item>
          <Form.Item name="idType" label={t('members.col.idType')}>
            <Select options={ID_TYPES.map((v) => ({ value: v, label: t(`members.idType.${v}`) }))} />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t('members.col.idNumber')}
            extra={member?.idNumberMasked ?? undefined}
            rules={[
              {
                validator: (_, v?: string) =>
                  !v || form.getFieldValue('idType') !== 'resident_id' || residentIdValid(v)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('members.idInvalid'))),
              },
            ]}
          >
            <Input
              maxLength={40}
              autoComplete="off"
              placeholder={member?.idNumberMasked ?? undefined}
              data-testid="member-id-number"
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.idType !== b.idType}>
            {() =>
              form.getFieldValue('idType') !== 'resident_id' && (
                <>
                  <Form.Item name="gender" label={t('members.col.gender')}>
                    <Select
                      options={(['male', 'female', 'unspecified'] as const).map((g) => ({
                        value: g,
                        label: t(`members.gender.${g}`),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item name="birthDate" label={t('members.col.birthDate')}>
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                </>
              )
            }
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('members.col.phone')}
            rules={[
              {
                validator: (_, v?: string) =>
                  !v || mobileValid(v)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('members.phoneInvalid'))),
              },
            ]}
          >
            <Input
              maxLength={24}
              inputMode="tel"
              autoComplete="off"
              placeholder={member?.phoneMasked ?? undefined}
              data-testid="member-phone"
            />
          </Form.Item>
          <Form.Item name="email" label={t('members.col.email')} rules={[{ type: 'email' }]}>
            <Input maxLength={254} placeholder={member?.emailMasked ?? undefined} />
          </Form.Item>
          <Form.Item name="address" label={t('members.col.address')}>
            <Input maxLength={300} placeholder={member?.addressMasked ?? undefined} />
          </Form.Item>
          <Form.Item name="employer" label={t('members.col.employer')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="department" label={t('members.col.department')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="jobTitle" label={t('members.col.jobTitle')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="education" label={t('members.col.education')}>
            <Select
              allowClear
              options={EDUCATION.map((e) => ({ value: e, label: t(`members.education.${e}`) }))}
            />
          </Form.Item>
          <Form.Item name="joinDate" label={t('members.col.joinDate')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="sensitiveConsentAttested"
            valuePropName="checked"
            dependencies={['idNumber', 'phone', 'address']}
            rules={[
              {
                validator: (_, v?: boolean) => {
                  const sensitive = (['idNumber', 'phone', 'address'] as const).some((k) =>
                    form.getFieldValue(k),
                  );
                  return !sensitive || v || member
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('members.consentNeeded')));
                },
              },
            ]}
          >
            <Checkbox data-testid="member-consent">{t('members.consentAttested')}</Checkbox>
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
