/** Translations of the e-member card (key prefix `card.`). */
export const cardZhCN = {
  nav: '电子会员卡',
  title: '电子会员卡',
  heading: '工会会员 · 电子会员卡',
  memberNo: '会员号',
  validUntil: '有效期至',
  qrAlt: '会员卡核验二维码',
  refreshes: '二维码 {{seconds}} 秒后自动刷新，截图无效',
  explain:
    '出示二维码供他人扫码核验会员身份。核验页面只显示打码后的姓名、所属工会和是否有效。手机丢失或二维码外泄时，请作废本卡，系统会立即签发新卡。',
  revoke: '作废本卡',
  revokeConfirm: '作废后旧二维码全部失效，确定吗？',
  verify: {
    title: '会员卡核验',
    noToken: '链接不完整：请重新扫描会员卡二维码。',
    valid: '有效会员',
    expired: '二维码已过期',
    revoked: '会员卡已作废',
    invalid: '无效的二维码',
    expiredHint: '请会员刷新电子会员卡后重新出示。',
    revokedHint: '该会员卡已作废或会籍已终止。',
    invalidHint: '二维码不是本系统签发的，或已被篡改。',
  },
};

export const cardEn: typeof cardZhCN = {
  nav: 'E-member card',
  title: 'E-member card',
  heading: 'Trade union · E-member card',
  memberNo: 'Member no.',
  validUntil: 'Valid until',
  qrAlt: 'Card verification QR code',
  refreshes: 'The QR code refreshes in {{seconds}} s; screenshots do not work',
  explain:
    'Show the QR code to prove your membership. The verification page shows only a masked name, the union and whether the card is valid. If your phone is lost or the code leaked, revoke the card: a new one is issued at once.',
  revoke: 'Revoke this card',
  revokeConfirm: 'All earlier QR codes stop working. Revoke?',
  verify: {
    title: 'Member card check',
    noToken: 'The link is incomplete: scan the card QR code again.',
    valid: 'Valid member',
    expired: 'QR code expired',
    revoked: 'Card revoked',
    invalid: 'Invalid QR code',
    expiredHint: 'Ask the member to refresh the e-card and show it again.',
    revokedHint: 'The card was revoked or the membership has ended.',
    invalidHint: 'The code was not issued by this system, or it was altered.',
  },
};
