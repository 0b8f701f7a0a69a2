import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  MinusCircleOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, InputNumber, Radio, Select, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { QUESTION_KINDS, type QuestionKind } from '../api';
import { blankQuestion, hasOptions, type OptionForm, type PollFormValues } from '../form';

/** One question of the survey editor: kind, text, and the fields its kind takes (options add/remove/reorder). */
export function QuestionEditor({
  name,
  count,
  onMove,
  onRemove,
  highlighted,
}: {
  name: number;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
  highlighted: boolean;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<PollFormValues>();
  const kind: QuestionKind = Form.useWatch(['questions', name, 'kind'], form) ?? 'single';
  const method = Form.useWatch(['questions', name, 'method'], form) ?? 'irv';
  const optionCount =
    (Form.useWatch(['questions', name, 'options'], form) as OptionForm[] | undefined)?.length ?? 0;

  const changeKind = (k: QuestionKind) => {
    const cur = form.getFieldValue(['questions', name]) as PollFormValues['questions'][number];
    const keep = hasOptions(k) && cur.options && cur.options.length >= 2 ? { options: cur.options } : {};
    form.setFieldValue(['questions', name], {
      ...blankQuestion(k),
      ...keep,
      id: cur.id,
      title: cur.title,
      description: cur.description,
      required: cur.required,
    });
  };

  return (
    <Card
      size="small"
      data-testid="question-editor"
      style={highlighted ? { borderColor: '#ff4d4f', boxShadow: '0 0 0 2px #fff1f0' } : undefined}
      title={t('polls.editor.questionN', { n: name + 1 })}
      extra={
        <Flex gap={0}>
          <Button
            type="text"
            icon={<ArrowUpOutlined />}
            disabled={name === 0}
            onClick={() => onMove(name - 1)}
            aria-label={t('polls.editor.moveUp')}
          />
          <Button
            type="text"
            icon={<ArrowDownOutlined />}
            disabled={name === count - 1}
            onClick={() => onMove(name + 1)}
            aria-label={t('polls.editor.moveDown')}
          />
          <Button
            type="text"
            danger
            icon={<DeleteOutlined />}
            disabled={count <= 1}
            onClick={onRemove}
            aria-label={t('polls.editor.remove')}
            data-testid="question-remove"
          />
        </Flex>
      }
    >
      <Flex gap={12} wrap>
        <Form.Item name={[name, 'kind']} label={t('polls.editor.kindLabel')} style={{ minWidth: 160 }}>
          <Select
            data-testid="question-kind"
            onChange={(k: QuestionKind) => changeKind(k)}
            options={QUESTION_KINDS.map((k) => ({ value: k, label: t(`polls.kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          name={[name, 'title']}
          label={t('polls.editor.qTitle')}
          rules={[{ required: true, whitespace: true, max: 300 }]}
          style={{ flex: '1 1 280px' }}
        >
          <Input maxLength={300} data-testid="question-title" />
        </Form.Item>
        <Form.Item name={[name, 'required']} label={t('polls.editor.required')} valuePropName="checked">
          <Switch data-testid="question-required" />
        </Form.Item>
      </Flex>
      <Form.Item name={[name, 'description']} label={t('polls.editor.qDescription')}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 1, maxRows: 4 }} />
      </Form.Item>
      {hasOptions(kind) && (
        <Form.List
          name={[name, 'options']}
          rules={[
            {
              validator: async (_, v: OptionForm[] | undefined) => {
                if ((v ?? []).filter((o) => o?.label?.trim()).length < 2)
                  throw new Error(t('polls.editor.needOption'));
              },
            },
          ]}
        >
          {(fields, { add, remove, move }, { errors }) => (
            <Flex vertical gap={6} style={{ marginBottom: 12 }}>
              <Typography.Text>{t('polls.editor.options')}</Typography.Text>
              {fields.map((f, i) => (
                <Flex key={f.key} gap={4} align="center">
                  <Form.Item name={[f.name, 'label']} noStyle rules={[{ max: 200 }]}>
                    <Input
                      placeholder={t('polls.editor.optionN', { n: i + 1 })}
                      aria-label={t('polls.editor.optionN', { n: i + 1 })}
                      maxLength={200}
                      data-testid="option-input"
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<ArrowUpOutlined />}
                    disabled={i === 0}
                    onClick={() => move(i, i - 1)}
                    aria-label={`${t('polls.editor.moveUp')} ${i + 1}`}
                  />
                  <Button
                    type="text"
                    icon={<ArrowDownOutlined />}
                    disabled={i === fields.length - 1}
                    onClick={() => move(i, i + 1)}
                    aria-label={`${t('polls.editor.moveDown')} ${i + 1}`}
                  />
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    disabled={fields.length <= 2}
                    onClick={() => remove(f.name)}
                    aria-label={`${t('polls.editor.remove')} ${i + 1}`}
                  />
                </Flex>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ label: '' })}
                disabled={fields.length >= 50}
                data-testid="option-add"
                style={{ alignSelf: 'flex-start' }}
              >
                {t('polls.editor.addOption')}
              </Button>
            </Flex>
          )}
        </Form.List>
      )}
      {kind === 'multiple' && (
        <Flex gap={12} wrap>
          <Form.Item name={[name, 'minChoices']} label={t('polls.editor.minChoices')}>
            <InputNumber min={0} max={Math.max(optionCount, 1)} data-testid="question-min" />
          </Form.Item>
          <Form.Item name={[name, 'maxChoices']} label={t('polls.editor.maxChoices')}>
            <InputNumber min={1} max={Math.max(optionCount, 1)} data-testid="question-max" />
          </Form.Item>
        </Flex>
      )}
      {kind === 'text' && (
        <Form.Item name={[name, 'maxLength']} label={t('polls.editor.maxLength')}>
          <InputNumber min={1} max={5000} data-testid="question-maxlength" />
        </Form.Item>
      )}
      {kind === 'rating' && (
        <Flex gap={12} wrap>
          <Form.Item name={[name, 'scale']} label={t('polls.editor.scale')}>
            <InputNumber min={2} max={10} data-testid="question-scale" />
          </Form.Item>
          <Form.Item name={[name, 'lowLabel']} label={t('polls.editor.lowLabel')}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name={[name, 'highLabel']} label={t('polls.editor.highLabel')}>
            <Input maxLength={50} />
          </Form.Item>
        </Flex>
      )}
      {kind === 'ranked' && (
        <>
          <Form.Item
            name={[name, 'method']}
            label={t('polls.editor.method')}
            extra={t('polls.editor.methodHelp')}
          >
            <Radio.Group data-testid="question-method">
              <Radio value="irv">{t('polls.editor.irv')}</Radio>
              <Radio value="stv">{t('polls.editor.stv')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Flex gap={12} wrap>
            {method === 'stv' && (
              <Form.Item name={[name, 'seats']} label={t('polls.editor.seats')}>
                <InputNumber min={1} max={Math.max(optionCount - 1, 1)} data-testid="question-seats" />
              </Form.Item>
            )}
            <Form.Item name={[name, 'rankLimit']} label={t('polls.editor.rankLimit')}>
              <InputNumber min={0} max={50} />
            </Form.Item>
          </Flex>
        </>
      )}
    </Card>
  );
}
