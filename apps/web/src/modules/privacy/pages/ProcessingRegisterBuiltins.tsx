/** Drawer: the processing this installation knows about (read-only, from code and configuration), adoptable. */
import { Alert, App, Button, Card, Collapse, Drawer, Flex, Grid, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../shared/components/ErrorAlert';
import { Loading } from '../../../shared/components/Loading';
import { langOf, useBuiltins, useRegisterMutations } from '../registerApi';
import { ContentView } from './ProcessingRegisterView';

export function ProcessingRegisterBuiltins({
  unionId,
  open,
  onClose,
  onOpenEntry,
}: {
  unionId: string;
  open: boolean;
  onClose: () => void;
  onOpenEntry: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().sm === false;
  const lang = langOf(i18n.language);
  const q = useBuiltins(unionId, lang, open);
  const m = useRegisterMutations(unionId);
  return (
    <Drawer
      open={open}
      onClose={() => {
        m.adopt.reset();
        onClose();
      }}
      size={phone ? '100%' : 760}
      title={t('privacy.register.builtinsTitle')}
      destroyOnHidden
    >
      <Flex vertical gap={12}>
        <Alert type="info" showIcon title={t('privacy.register.builtinsIntro')} />
        <ErrorAlert error={q.error ?? m.adopt.error} />
        {q.isPending && <Loading />}
        {q.data?.items.map((b) => (
          <Card
            key={b.key}
            size="small"
            data-testid={`builtin-${b.key}`}
            title={
              <Flex gap={8} align="center" wrap>
                <span style={{ whiteSpace: 'normal' }}>{b.content.name}</span>
                {b.adoptedId && <Tag color="green">{t('privacy.register.adopted')}</Tag>}
              </Flex>
            }
            extra={
              b.adoptedId ? (
                <Button size="small" onClick={() => onOpenEntry(b.adoptedId!)}>
                  {t('privacy.register.open')}
                </Button>
              ) : (
                <Button
                  size="small"
                  type="primary"
                  loading={m.adopt.isPending && m.adopt.variables?.key === b.key}
                  data-testid={`adopt-${b.key}`}
                  onClick={() =>
                    m.adopt.mutate(
                      { key: b.key, lang },
                      {
                        onSuccess: (r) => {
                          void message.success(t('privacy.register.adoptedDone'));
                          onOpenEntry(r.id);
                        },
                      },
                    )
                  }
                >
                  {t('privacy.register.adopt')}
                </Button>
              )
            }
          >
            <Typography.Paragraph style={{ marginBottom: 8 }}>{b.content.purpose}</Typography.Paragraph>
            <Flex gap={4} wrap style={{ marginBottom: 8 }}>
              <Tag>{t(`privacy.register.basisShort.${b.content.legalBasis}`)}</Tag>
              {b.content.sensitive.map((s) => (
                <Tag key={s} color="volcano">
                  {t(`privacy.register.sensitiveKind.${s}`)}
                </Tag>
              ))}
              {b.content.processors.map((p) => (
                <Tag key={p.name} color="purple">
                  {p.name}
                </Tag>
              ))}
            </Flex>
            <Collapse
              size="small"
              ghost
              items={[
                {
                  key: 'd',
                  label: t('privacy.register.derivedFrom'),
                  children: (
                    <Flex vertical gap={8}>
                      <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                        {b.derivedFrom.map((d) => (
                          <li key={d}>
                            <Typography.Text code style={{ wordBreak: 'break-all' }}>
                              {d}
                            </Typography.Text>
                          </li>
                        ))}
                      </ul>
                      <ContentView c={b.content} />
                    </Flex>
                  ),
                },
              ]}
            />
          </Card>
        ))}
      </Flex>
    </Drawer>
  );
}
