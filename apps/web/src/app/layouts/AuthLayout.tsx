import { Flex, Layout } from 'antd';
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { BrandMark } from '../../shared/components/BrandMark';
import { LangSwitch } from '../../shared/components/LangSwitch';
import { Loading } from '../../shared/components/Loading';
import { UNION_RED } from '../theme';

/** Setup, login and password pages: a red band behind a centred card. */
export function AuthLayout() {
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f6f8' }}>
      <div
        aria-hidden
        style={{
          position: 'absolute',
          inset: '0 0 auto 0',
          height: 240,
          background: `linear-gradient(135deg, ${UNION_RED} 0%, #9e0c24 100%)`,
        }}
      />
      <Flex
        component="header"
        align="center"
        justify="space-between"
        style={{
          position: 'relative',
          padding: '12px 16px',
          maxWidth: 1120,
          width: '100%',
          margin: '0 auto',
        }}
      >
        <BrandMark light />
        <LangSwitch light />
      </Flex>
      <Flex
        component="main"
        justify="center"
        style={{ position: 'relative', padding: '16px 12px 48px', flex: 1 }}
      >
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Flex>
    </Layout>
  );
}
