import { SearchOutlined } from '@ant-design/icons';
import { Button, Grid, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

/**
 * The search box in the portal and console headers. The query goes to the search page in router
 * state, never in the URL. On phones (and with `iconOnly`, for a crowded header) it is an icon that
 * opens the search page.
 */
export function HeaderSearch({ light, iconOnly }: { light?: boolean; iconOnly?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const narrow = Grid.useBreakpoint().md === false;
  const [q, setQ] = useState('');
  const target = pathname.startsWith('/console') ? '/console/search' : '/search';
  if (narrow || iconOnly)
    return (
      <Button
        type="text"
        icon={<SearchOutlined />}
        style={light ? { color: '#fff' } : undefined}
        aria-label={t('search.title')}
        onClick={() => navigate(target)}
        data-testid="header-search-button"
      />
    );
  return (
    <Input.Search
      size="small"
      allowClear
      value={q}
      maxLength={100}
      placeholder={t('search.placeholder')}
      aria-label={t('search.title')}
      onChange={(e) => setQ(e.target.value)}
      onSearch={(v) => {
        const term = v.trim();
        navigate(target, { state: { q: term } });
        setQ('');
      }}
      style={{ width: 200 }}
      data-testid="header-search"
    />
  );
}
