import {
  Button,
  Card,
  Checkbox,
  DatePicker,
  Flex,
  Form,
  Input,
  List,
  Select,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { useOrgs } from '../../orgs/api';
import {
  type Announcement,
  type AnnouncementDraft,
  type AnnouncementFile,
  deleteAnnouncementFile,
  uploadAnnouncementFile,
  useCreateAnnouncement,
  useTargetGroups,
  useUpdateAnnouncement,
} from '../api';
import { imageMarkup } from './editorMarkup';
import { type EditorHandle, RichTextEditor } from './RichTextEditor';

type FormValues = {
  orgId: string;
  title: string;
  body: string;
  targetRoomIds?: string[];
  publishAt?: Dayjs | null;
  expiresAt?: Dayjs | null;
  pinned?: boolean;
};

const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`;

/**
 * Compose an announcement: audience (org subtree, optionally narrowed to chat groups), title, body in
 * the rich-text editor, images and attachments (the first upload saves a draft, which publishing then
 * completes), schedule, expiry and pinning.
 */
export function ComposeCard({ onSaved }: { onSaved: (a: Announcement) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const orgs = useOrgs();
  const orgId = Form.useWatch('orgId', form);
  const groups = useTargetGroups(orgId);
  const create = useCreateAnnouncement();
  const update = useUpdateAnnouncement();
  const [draftId, setDraftId] = useState<string | null>(null);
  const [files, setFiles] = useState<AnnouncementFile[]>([]);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [uploading, setUploading] = useState(false);
  const editor = useRef<EditorHandle | null>(null);

  const draftOf = (v: FormValues, publish: boolean): AnnouncementDraft => ({
    orgId: v.orgId,
    title: v.title,
    body: v.body,
    publish,
    ...(v.publishAt ? { publishAt: v.publishAt.toISOString() } : {}),
    ...(v.expiresAt ? { expiresAt: v.expiresAt.toISOString() } : {}),
    pinned: !!v.pinned,
    targetRoomIds: v.targetRoomIds ?? [],
  });

  const reset = (a: Announcement) => {
    form.resetFields();
    setDraftId(null);
    setFiles([]);
    onSaved(a);
  };

  const submit = (publish: boolean) =>
    form.validateFields().then((v) => {
      const d = draftOf(v, publish);
      if (!draftId) return create.mutate(d, { onSuccess: reset });
      const { orgId: _org, publish: _p, ...patch } = d;
      update.mutate(
        { id: draftId, patch: { ...patch, ...(publish ? { action: 'publish' } : {}) } },
        { onSuccess: reset },
      );
    });

  /** The announcement the files belong to: the open draft, or a new one saved now. */
  const ensureDraft = async (): Promise<string> => {
    if (draftId) return draftId;
    const v = await form.validateFields();
    const a = await create.mutateAsync(draftOf(v, false));
    setDraftId(a.id);
    return a.id;
  };

  const upload = async (file: File) => {
    setUploadError(null);
    setUploading(true);
    try {
      const id = await ensureDraft();
      const f = await uploadAnnouncementFile(id, file);
      setFiles((fs) => [...fs, f]);
      if (f.mime.startsWith('image/')) editor.current?.insert(imageMarkup(f.url, f.fileName));
    } catch (err) {
      if (err && typeof err === 'object' && 'errorFields' in err) return; // form validation shows it
      setUploadError(err);
    } finally {
      setUploading(false);
    }
  };

  const remove = async (f: AnnouncementFile) => {
    setUploadError(null);
    try {
      await deleteAnnouncementFile(f);
      setFiles((fs) => fs.filter((x) => x.id !== f.id));
    } catch (err) {
      setUploadError(err);
    }
  };

  const busy = create.isPending || update.isPending;
  return (
    <Card title={t('announcements.compose')}>
      <ErrorAlert error={create.error ?? update.error} />
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="orgId" label={t('announcements.audience')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={orgs.isPending}
            disabled={!!draftId}
            options={(orgs.data ?? [])
              .filter((o) => o.status === 'active')
              .map((o) => ({ value: o.id, label: `${'　'.repeat(o.depth)}${o.name}` }))}
            data-testid="announcement-org"
          />
        </Form.Item>
        <Form.Item
          name="targetRoomIds"
          label={t('announcements.groups')}
          extra={t('announcements.groupsHint')}
        >
          <Select
            mode="multiple"
            allowClear
            disabled={!orgId}
            loading={groups.isFetching}
            optionFilterProp="label"
            options={(groups.data?.items ?? []).map((g) => ({
              value: g.id,
              label: t('announcements.groupLabel', {
                name: g.name,
                kind: t(`announcements.groupKind.${g.kind}`),
                members: t('announcements.members', { count: g.members }),
              }),
            }))}
            data-testid="announcement-groups"
          />
        </Form.Item>
        <Form.Item name="title" label={t('announcements.titleField')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="announcement-title" />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('announcements.body')}
          extra={t('announcements.bodyHint')}
          rules={[{ required: true }]}
        >
          <RichTextEditor
            handleRef={(h) => {
              editor.current = h;
            }}
          />
        </Form.Item>
        <Form.Item label={t('announcements.files')} extra={t('announcements.uploadHint')}>
          <Flex vertical gap={8}>
            <ErrorAlert error={uploadError} />
            <Upload
              accept="image/jpeg,image/png,application/pdf"
              showUploadList={false}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
            >
              <Button loading={uploading} data-testid="announcement-upload">
                {t('announcements.upload')}
              </Button>
            </Upload>
            {files.length > 0 && (
              <List
                size="small"
                bordered
                dataSource={files}
                renderItem={(f) => (
                  <List.Item
                    actions={[
                      ...(f.mime.startsWith('image/')
                        ? [
                            <Button
                              key="insert"
                              size="small"
                              onClick={() => editor.current?.insert(imageMarkup(f.url, f.fileName))}
                            >
                              {t('announcements.insertImage')}
                            </Button>,
                          ]
                        : []),
                      <Button key="remove" size="small" danger onClick={() => void remove(f)}>
                        {t('announcements.remove')}
                      </Button>,
                    ]}
                  >
                    <Typography.Text>
                      {f.fileName} · {kb(f.sizeBytes)}
                    </Typography.Text>
                  </List.Item>
                )}
              />
            )}
          </Flex>
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="publishAt" label={t('announcements.publishAt')}>
            <DatePicker showTime />
          </Form.Item>
          <Form.Item name="expiresAt" label={t('announcements.expiresAt')}>
            <DatePicker showTime />
          </Form.Item>
          <Form.Item name="pinned" valuePropName="checked" label=" ">
            <Checkbox>{t('announcements.pin')}</Checkbox>
          </Form.Item>
        </Flex>
        <Flex gap={8}>
          <Button
            type="primary"
            loading={busy}
            onClick={() => void submit(true)}
            data-testid="announcement-publish"
          >
            {t('announcements.publish')}
          </Button>
          <Button loading={busy} onClick={() => void submit(false)}>
            {t('announcements.saveDraft')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
