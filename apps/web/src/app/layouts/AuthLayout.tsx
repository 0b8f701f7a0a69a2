import { Flex, Layout } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { BrandMark } from '../../shared/components/BrandMark';
import { LangSwitch } from '../../shared/components/LangSwitch';
import { Loading } from '../../shared/components/Loading';
import { UNION_RED } from '../theme';

/** Setup, login and password pages: a red band behind a centred card. */
export function AuthLayout() {
  const { t } = useTranslation();
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
      {/* PIPL 17/52: the privacy contact is reachable without signing in */}
      <Flex component="footer" justify="center" style={{ position: 'relative', padding: '0 12px 24px' }}>
        <Link
          to="/privacy-contact"
          style={{ color: '#8c8c8c', fontSize: 13 }}
          data-testid="privacy-contact-link"
        >
          {t('privacy.contact.link')}
        </Link>
      </Flex>
    </Layout>
  );
}
