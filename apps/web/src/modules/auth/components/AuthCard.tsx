import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';

/** The white card used by login, setup and password pages. */
export function AuthCard({
  title,
  subtitle,
  width = 420,
  children,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  width?: number;
  children: ReactNode;
}) {
  return (
    <Card
      style={{
        width: '100%',
        maxWidth: width,
        boxShadow: '0 6px 24px rgba(0,0,0,0.08)',
        alignSelf: 'flex-start',
      }}
      styles={{ body: { padding: 'clamp(20px, 5vw, 32px)' } }}
    >
      <Typography.Title level={3} style={{ marginTop: 0, marginBottom: subtitle ? 4 : 20 }}>
        {title}
      </Typography.Title>
      {subtitle && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 20 }}>
          {subtitle}
        </Typography.Paragraph>
      )}
      {children}
    </Card>
  );
}
