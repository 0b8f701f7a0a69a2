/** Translations of the privacy pages (key prefix `privacy.`) and its error codes. */
export const privacyZhCN = {
  nav: '我的数据',
  consoleNav: '删除申请',
  title: '我的数据',
  exportTitle: '下载我的数据',
  exportText:
    '下载系统中与您有关的全部数据（JSON 文件）：会员档案（证件号、电话、地址已为您解密）、案件、论坛与聊天内容、会费与缴费记录、通知、授权记录等。密码、验证码密钥和登录凭证只注明“存在，未导出”。下载前可能需要再次输入密码。',
  exportButton: '下载我的数据',
  exportDone: '已下载',
  deleteTitle: '申请删除我的个人信息',
  deleteIntro:
    '依据《个人信息保护法》第四十七条，您可以申请删除个人信息。工会在 {{days}} 个工作日内处理：执行删除，或说明不能删除的理由。执行后您的账号将无法登录，且不能恢复。',
  deletedHeading: '将被删除',
  deleted: [
    '姓名（改为“已注销会员”）、证件号、电话、邮箱、地址、工作单位、部门、职务、学历及其检索索引',
    '登录账号、密码、两步验证、所有登录会话',
    '聊天消息、通知、通知设置、论坛点赞；论坛帖子内容替换为“已删除”',
    '工资记录；电子会员卡立即作废',
    '站内搜索中不再能找到您的姓名和帖子',
  ],
  keptHeading: '依法保留（去除姓名，只以会员号关联）',
  kept: [
    '会费台账、应缴记录与缴费订单：财务记录，按会计档案规定保存 30 年',
    '审计日志：防篡改的操作记录，不做修改',
    '选举的已投票标记与选民名册、问卷答复（不含姓名）：作为选举和表决记录保存',
    '入会、转会等会籍变动记录和授权（同意）记录：作为合法处理的证明',
    '您提交的案件及其附件：工会维权档案，处理完毕后按档案期限保存',
  ],
  reasonLabel: '申请理由',
  reasonPlaceholder: '例如：已离职，不再需要会员服务',
  requestButton: '提交删除申请',
  requestConfirmTitle: '确认提交删除申请？',
  requestConfirmText: '申请执行后账号将注销且无法恢复。处理前您可以撤回申请。',
  withdraw: '撤回申请',
  statusLabel: '状态',
  status: {
    open: '处理中',
    executed: '已执行',
    declined: '未予删除',
    withdrawn: '已撤回',
  },
  requestedAt: '提交时间',
  dueAt: '处理期限',
  decidedAt: '处理时间',
  decisionReason: '处理说明',
  reason: '理由',
  console: {
    title: '个人信息删除申请',
    intro:
      '会员依法申请删除个人信息，须在 {{days}} 个工作日内执行或说明理由驳回。执行在一个事务内完成：删除或清空其个人信息，财务、审计、选举记录依法保留并去除姓名。',
    filter: '状态',
    all: '全部',
    member: '会员',
    org: '所属组织',
    overdue: '已超期',
    execute: '执行删除',
    decline: '驳回',
    executeTitle: '执行删除：{{name}}',
    executeText:
      '此操作不可撤销。将删除或清空该会员的个人信息、注销账号；会费台账、审计日志、选举记录依法保留（去除姓名）。请输入会员号 {{code}} 以确认。',
    confirmLabel: '输入 {{code}} 确认',
    declineTitle: '驳回删除申请',
    declineReason: '驳回理由（会员可见）',
    executed: '已执行删除',
    declined: '已驳回',
    empty: '没有删除申请',
  },
};

export const privacyEn: typeof privacyZhCN = {
  nav: 'My data',
  consoleNav: 'Deletion requests',
  title: 'My data',
  exportTitle: 'Download my data',
  exportText:
    'Download everything the system holds about you as a JSON file: your member record (ID number, phone and address decrypted for you), cases, forum and chat content, dues and payments, notifications, consent records and more. Passwords, authenticator secrets and sign-in credentials are listed as "present, not exported". You may be asked to confirm your password first.',
  exportButton: 'Download my data',
  exportDone: 'Downloaded',
  deleteTitle: 'Ask for deletion of my personal information',
  deleteIntro:
    'Under PIPL article 47 you may ask for your personal information to be deleted. The union answers within {{days}} working days: it deletes it, or explains why it cannot. Afterwards your account can no longer sign in; this cannot be undone.',
  deletedHeading: 'Deleted',
  deleted: [
    'Name (replaced by "Erased member"), ID number, phone, e-mail, address, employer, department, job title, education and their search keys',
    'Your account, password, two-step verification and every sign-in session',
    'Chat messages, notifications and their settings, forum reactions; your forum posts are replaced by "removed"',
    'Wage records; your e-member card is revoked at once',
    'Site search no longer finds your name or your posts',
  ],
  keptHeading: 'Kept by law (without your name, linked only by member number)',
  kept: [
    'Dues ledger, dues charged and payment orders: financial records, kept 30 years under the accounting archives rules',
    'Audit log: tamper-evident record of actions, never changed',
    'Election voted marks and voter rolls, poll responses (no name): the record of the vote',
    'Membership history (joining, transfers) and consent records: proof of lawful processing',
    "Cases you filed and their attachments: the union's casework files, kept for the archive period after closing",
  ],
  reasonLabel: 'Reason',
  reasonPlaceholder: 'e.g. I left the company and no longer need member services',
  requestButton: 'Ask for deletion',
  requestConfirmTitle: 'Send the deletion request?',
  requestConfirmText:
    'Once executed, your account is closed and cannot be restored. You can withdraw the request until it is handled.',
  withdraw: 'Withdraw request',
  statusLabel: 'Status',
  status: {
    open: 'In progress',
    executed: 'Executed',
    declined: 'Declined',
    withdrawn: 'Withdrawn',
  },
  requestedAt: 'Requested',
  dueAt: 'Due by',
  decidedAt: 'Handled',
  decisionReason: 'Explanation',
  reason: 'Reason',
  console: {
    title: 'Personal data deletion requests',
    intro:
      'Members may ask for deletion of their personal information; execute it or decline with a reason within {{days}} working days. Execution is one transaction: personal data is deleted or blanked, financial, audit and election records are kept by law without the name.',
    filter: 'Status',
    all: 'All',
    member: 'Member',
    org: 'Unit',
    overdue: 'Overdue',
    execute: 'Execute deletion',
    decline: 'Decline',
    executeTitle: 'Execute deletion: {{name}}',
    executeText:
      "This cannot be undone. The member's personal information is deleted or blanked and the account closed; the dues ledger, audit log and election records are kept by law without the name. Type the member number {{code}} to confirm.",
    confirmLabel: 'Type {{code}} to confirm',
    declineTitle: 'Decline the deletion request',
    declineReason: 'Reason (shown to the member)',
    executed: 'Deletion executed',
    declined: 'Declined',
    empty: 'No deletion requests',
  },
};

export const privacyErrorsZhCN = {
  'privacy.request_open': '您已有一份处理中的删除申请。',
  'privacy.request_closed': '该申请已处理或已撤回，请刷新。',
  'privacy.confirm_mismatch': '确认内容与会员号不一致，未执行。',
  'privacy.unclassified_data': '系统中有尚未归类的个人信息表，暂不能执行删除。请联系系统管理员。',
};

export const privacyErrorsEn: typeof privacyErrorsZhCN = {
  'privacy.request_open': 'You already have a deletion request in progress.',
  'privacy.request_closed': 'This request has already been handled or withdrawn. Reload the page.',
  'privacy.confirm_mismatch': 'The confirmation does not match the member number. Nothing was changed.',
  'privacy.unclassified_data':
    'The system holds personal data in a table that is not yet classified, so deletion cannot run. Contact the system administrator.',
};
