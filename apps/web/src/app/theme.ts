import type { ThemeConfig } from 'antd';

export const UNION_RED = '#c8102e';

const fontFamily = [
  '-apple-system',
  'BlinkMacSystemFont',
  '"Segoe UI"',
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Microsoft YaHei"',
  '"WenQuanYi Micro Hei"',
  '"Noto Sans CJK SC"',
  '"Source Han Sans SC"',
  '"Helvetica Neue"',
  'Arial',
  'sans-serif',
].join(', ');

/** Clean, official look: union red as the primary colour on white surfaces. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: UNION_RED,
    colorLink: UNION_RED,
    borderRadius: 6,
    fontFamily,
    colorBgLayout: '#f5f6f8',
  },
  components: {
    Layout: {
      headerBg: '#ffffff',
      siderBg: '#ffffff',
      headerHeight: 56,
      headerPadding: '0 16px',
    },
    Menu: { itemBorderRadius: 6 },
    Card: { headerFontSize: 16 },
  },
};
