import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';

/** Toggles between 中文 and English; the choice is kept in localStorage. */
export function LangSwitch({ light, short }: { light?: boolean; short?: boolean }) {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      data-testid="lang-switch"
      aria-label={t('lang.label')}
      lang={next}
      style={light ? { color: '#fff' } : undefined}
      onClick={() => void i18n.changeLanguage(next)}
    >
      {short ? (next === 'en' ? 'EN' : '中文') : t('lang.switchTo')}
    </Button>
  );
}
