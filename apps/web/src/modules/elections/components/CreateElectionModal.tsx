import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Switch,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { OrgTreeSelect } from '../../orgs';
import { createElection, type Profile, searchUsers, type UserOption } from '../api';
import { type CreateFormValues as Values, toCreateBody } from '../createBody';

/** Notice periods of the built-in profiles (server: elections.rules.ts); custom takes its own. */
const NOTICE_DAYS: Record<Exclude<Profile, 'custom'>, number> = {
  cn_grassroots: 7,
  us_lmrda: 15,
  uk_statutory: 7,
};
const PROFILES: Profile[] = ['cn_grassroots', 'us_lmrda', 'uk_statutory', 'custom'];

/** Trustee accounts picked by searching users (needs users.manage to list them). */
function TrusteeSelect(props: { value?: string[]; onChange?: (v: string[]) => void; id?: string }) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<UserOption[]>([]);
  const [known, setKnown] = useState<Record<string, UserOption>>({});
  const search = async (q: string) => {
    if (q.trim().length < 1) return;
    const r = await searchUsers(q.trim()).catch(() => ({ items: [] as UserOption[] }));
    setOptions(r.items);
    setKnown((k) => ({ ...k, ...Object.fromEntries(r.items.map((u) => [u.id, u])) }));
  };
  const all = [...options, ...(props.value ?? []).map((id) => known[id]).filter((u) => !!u)];
  const unique = [...new Map(all.map((u) => [u.id, u])).values()];
  return (
    <Select
      id={props.id}
      mode="multiple"
      value={props.value}
      onChange={props.onChange}
      showSearch={{ filterOption: false, onSearch: (q) => void search(q) }}
      placeholder={t('elections.console.trusteesSearch')}
      options={unique.map((u) => ({
        value: u.id,
        label: `${u.displayName} (${u.username})`,
      }))}
      data-testid="election-trustees"
    />
  );
}

/** Officer: define an election (contests, candidates, rules, window, trustees n and threshold k). */
export function CreateElectionModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const profile = Form.useWatch('profile', form) ?? 'cn_grassroots';
  const noticeDays = Form.useWatch('noticeDays', form);
  const notice = profile === 'custom' ? (noticeDays ?? 0) : NOTICE_DAYS[profile];
  const submit = async (v: Values) => {
    setPending(true);
    setError(null);
    try {
      await createElection(toCreateBody(v));
      await qc.invalidateQueries({ queryKey: ['elections'] });
      form.resetFields();
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };
  const start = dayjs().add(notice, 'day').add(1, 'hour').startOf('hour');
  return (
    <Modal
      open={open}
      title={t('elections.console.createTitle')}
      okText={t('elections.console.create')}
      okButtonProps={{ 'data-testid': 'modal-ok' }}
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={720}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={submit}
        initialValues={{
          profile: 'cn_grassroots',
          threshold: 2,
          noticeDays: 0,
          majorityBase: 'voting',
          duesStanding: 'ignore',
          opensAt: start,
          closesAt: start.add(1, 'day'),
          contests: [{ kind: 'single', title: '', candidates: [] }],
        }}
      >
        <Form.Item name="orgId" label={t('elections.console.org')} rules={[{ required: true }]}>
          <OrgTreeSelect data-testid="election-org" />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('elections.console.electionTitle')}
          rules={[{ required: true, whitespace: true, max: 200 }]}
        >
          <Input data-testid="election-title" maxLength={200} />
        </Form.Item>
        <Form.Item name="profile" label={t('elections.console.profileLabel')}>
          <Select
            data-testid="election-profile"
            options={PROFILES.map((p) => ({ value: p, label: t(`elections.profile.${p}`) }))}
          />
        </Form.Item>
        {profile === 'custom' && (
          <Flex gap={12} wrap>
            <Form.Item name="noticeDays" label={t('elections.console.noticeDays')}>
              <InputNumber min={0} max={365} data-testid="election-notice" />
            </Form.Item>
            <Form.Item name="quorum" label={t('elections.console.quorum')}>
              <InputNumber min={0} max={100} />
            </Form.Item>
            <Form.Item name="turnout" label={t('elections.console.turnout')}>
              <InputNumber min={0} max={100} />
            </Form.Item>
            <Form.Item name="majorityBase" label={t('elections.console.majorityBase')}>
              <Select
                style={{ minWidth: 160 }}
                options={[
                  { value: 'voting', label: t('elections.console.majorityVoting') },
                  { value: 'entitled', label: t('elections.console.majorityEntitled') },
                ]}
              />
            </Form.Item>
            <Form.Item name="duesStanding" label={t('elections.console.duesStanding')}>
              <Select
                style={{ minWidth: 200 }}
                options={[
                  { value: 'ignore', label: t('elections.console.duesIgnore') },
                  { value: 'not_in_arrears', label: t('elections.console.duesNotInArrears') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="allowRevote"
              valuePropName="checked"
              label={t('elections.console.allowRevote')}
              tooltip={t('elections.console.allowRevoteHelp')}
            >
              <Switch data-testid="election-allow-revote" />
            </Form.Item>
          </Flex>
        )}
        <Flex gap={12} wrap>
          <Form.Item name="opensAt" label={t('elections.console.opensAt')} rules={[{ required: true }]}>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              data-testid="election-opens"
            />
          </Form.Item>
          <Form.Item name="closesAt" label={t('elections.console.closesAt')} rules={[{ required: true }]}>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              data-testid="election-closes"
            />
          </Form.Item>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t('elections.console.earliest', {
            date: dayjs().add(notice, 'day').format('YYYY-MM-DD HH:mm'),
          })}
        </Typography.Paragraph>
        <Flex gap={12} wrap>
          <Form.Item
            name="trusteeUserIds"
            label={t('elections.console.trustees')}
            rules={[{ required: true, type: 'array', min: 1 }]}
            style={{ flex: '1 1 320px' }}
          >
            <TrusteeSelect />
          </Form.Item>
          <Form.Item name="threshold" label={t('elections.console.threshold')} rules={[{ required: true }]}>
            <InputNumber min={1} max={20} data-testid="election-threshold" />
          </Form.Item>
        </Flex>
        <Typography.Title level={5}>{t('elections.console.contests')}</Typography.Title>
        <Form.List name="contests">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((f) => (
                <ContestFields key={f.key} name={f.name} onRemove={() => remove(f.name)} />
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ kind: 'single', title: '', candidates: [] })}
                data-testid="add-contest"
              >
                {t('elections.console.addContest')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
      <ErrorAlert error={error} style={{ marginTop: 12 }} />
    </Modal>
  );
}

function ContestFields({ name, onRemove }: { name: number; onRemove: () => void }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<Values>();
  const kind = Form.useWatch(['contests', name, 'kind'], form);
  return (
    <Card
      size="small"
      title={t('elections.console.contestN', { n: name + 1 })}
      data-testid="contest-form"
      extra={
        <Button
          type="text"
          icon={<MinusCircleOutlined />}
          onClick={onRemove}
          aria-label={t('elections.console.remove')}
        />
      }
    >
      <Flex gap={12} wrap>
        <Form.Item name={[name, 'kind']} label={t('elections.console.contestKind')} style={{ minWidth: 180 }}>
          <Select
            data-testid="contest-kind"
            options={(['single', 'multi', 'yes_no'] as const).map((k) => ({
              value: k,
              label: t(`elections.console.kind.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name={[name, 'title']}
          label={t('elections.console.contestTitle')}
          rules={[{ required: true, whitespace: true, max: 200 }]}
          style={{ flex: '1 1 240px' }}
        >
          <Input data-testid="contest-title" maxLength={200} />
        </Form.Item>
      </Flex>
      {kind === 'multi' && (
        <Flex gap={12} wrap>
          <Form.Item name={[name, 'seats']} label={t('elections.console.seats')} initialValue={2}>
            <InputNumber min={1} max={100} data-testid="contest-seats" />
          </Form.Item>
          <Form.Item
            name={[name, 'minSelections']}
            label={t('elections.console.minSelections')}
            initialValue={0}
          >
            <InputNumber min={0} max={100} data-testid="contest-min" />
          </Form.Item>
          <Form.Item
            name={[name, 'maxSelections']}
            label={t('elections.console.maxSelections')}
            initialValue={2}
          >
            <InputNumber min={1} max={100} data-testid="contest-max" />
          </Form.Item>
        </Flex>
      )}
      {kind !== 'yes_no' && (
        <Form.Item name={[name, 'candidates']} label={t('elections.console.candidates')}>
          <Select
            mode="tags"
            open={false}
            suffixIcon={null}
            tokenSeparators={['、', ',', '，']}
            data-testid="contest-candidates"
          />
        </Form.Item>
      )}
    </Card>
  );
}
