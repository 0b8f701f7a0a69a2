import { Form, type FormInstance, Modal } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';

interface Props<T> {
  open: boolean;
  title: ReactNode;
  okText?: string;
  danger?: boolean;
  pending: boolean;
  error: unknown;
  initialValues?: Partial<T>;
  onCancel: () => void;
  onSubmit: (values: T) => void;
  children: ReactNode | ((form: FormInstance<T>) => ReactNode);
}

/** A modal around one vertical form; its OK button (data-testid modal-ok) submits the form. */
export function FormModal<T extends object>(props: Props<T>) {
  const { t } = useTranslation();
  const [form] = Form.useForm<T>();
  const { open, initialValues } = props;
  useEffect(() => {
    if (open) {
      form.resetFields();
      if (initialValues) form.setFieldsValue(initialValues as Parameters<typeof form.setFieldsValue>[0]);
    }
  }, [open, initialValues, form]);
  return (
    <Modal
      open={open}
      title={props.title}
      okText={props.okText ?? t('common.ok')}
      okButtonProps={{ danger: props.danger, 'data-testid': 'modal-ok' }}
      cancelButtonProps={{ 'data-testid': 'modal-cancel' }}
      confirmLoading={props.pending}
      onOk={() => form.submit()}
      onCancel={props.onCancel}
      destroyOnHidden
    >
      <Form<T> form={form} layout="vertical" requiredMark={false} onFinish={props.onSubmit}>
        {typeof props.children === 'function' ? props.children(form) : props.children}
      </Form>
      <ErrorAlert error={props.error} />
    </Modal>
  );
}
