import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** The Unionhall logo mark and name. */
export function BrandMark({ light, compact }: { light?: boolean; compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex align="center" gap={10} style={{ minWidth: 0 }}>
      <img
        src="/favicon.svg"
        alt=""
        width={28}
        height={28}
        style={{
          flex: 'none',
          borderRadius: 7,
          boxShadow: light ? '0 0 0 2px rgba(255,255,255,0.85)' : undefined,
        }}
      />
      {!compact && (
        <Typography.Text
          strong
          ellipsis
          style={{ fontSize: 17, color: light ? '#fff' : undefined, letterSpacing: 0.5 }}
        >
          {t('app.name')}
        </Typography.Text>
      )}
    </Flex>
  );
}
