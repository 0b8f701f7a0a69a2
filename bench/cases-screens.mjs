#!/usr/bin/env node
// Screenshots of the cases pages (zh-CN and en, phone 390x844 and desktop 1280x800) against a small
// mock of the cases API. Uses the system Chromium (never downloads a browser).
//   node bench/cases-screens.mjs            -> /tmp/uh-cases-shots/*.png
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';

const root = join(import.meta.dirname, '..');
const outDir = process.env.UH_SHOTS_DIR ?? '/tmp/uh-cases-shots';
await mkdir(outDir, { recursive: true });
const dist = await mkdtemp(join(tmpdir(), 'uh-cases-dist-'));
await build({ root: join(root, 'apps/web'), logLevel: 'warn', build: { outDir: dist, emptyOutDir: true } });

const now = Date.now();
const iso = (h) => new Date(now - h * 3_600_000).toISOString();
const perms = ['members.read', 'cases.read', 'cases.handle', 'audit.read'];
const me = (officer) => ({
  user: {
    id: officer ? 'u-officer' : 'u-member',
    username: officer ? 'steward' : 'worker',
    displayName: officer ? '周建国' : '李秀英',
    emailMasked: 'l***@example.org',
    phoneMasked: '138****5678',
    mfaEnabled: officer,
    mfaRequired: officer,
    mfaPassed: officer,
    isOfficer: officer,
    orgId: 'o-b1',
    orgName: '冲压车间分工会',
  },
  grants: officer ? [{ id: 'g1', roleKey: 'case_handler', orgId: 'o-u', orgName: '第一机械厂工会' }] : [],
  abilities: { permissions: officer ? perms : [] },
  csrfToken: 'csrf',
});
const injuryType = {
  key: 'injury',
  name: { zh: '工伤/劳损', en: 'Occupational injury or strain' },
  allowAnonymous: true,
  custom: false,
  fields: [
    { key: 'description', kind: 'text', required: true },
    { key: 'incident_date', kind: 'date', required: true },
    { key: 'location', kind: 'text', required: true },
    {
      key: 'body_part',
      kind: 'choice',
      required: true,
      options: ['head', 'eye', 'back', 'hand', 'leg', 'other'],
    },
    { key: 'cause', kind: 'choice', options: ['machinery', 'lifting', 'repetitive', 'other'] },
    { key: 'severity', kind: 'choice', required: true, options: ['minor', 'moderate', 'serious', 'fatal'] },
    { key: 'days_lost', kind: 'number' },
  ],
};
const types = [
  {
    key: 'suggestion',
    name: { zh: '合理化建议', en: 'Suggestion' },
    allowAnonymous: true,
    custom: false,
    fields: [{ key: 'description', kind: 'text', required: true }],
  },
  {
    key: 'demand',
    name: { zh: '诉求', en: 'Demand or complaint' },
    allowAnonymous: true,
    custom: false,
    fields: [{ key: 'description', kind: 'text', required: true }],
  },
  {
    key: 'grievance',
    name: { zh: '申诉', en: 'Grievance' },
    allowAnonymous: false,
    custom: false,
    fields: [{ key: 'description', kind: 'text', required: true }],
  },
  {
    key: 'labour_dispute',
    name: { zh: '劳动争议', en: 'Labour dispute' },
    allowAnonymous: false,
    custom: false,
    fields: [{ key: 'description', kind: 'text', required: true }],
  },
  injuryType,
];
const summary = (id, ref, typeKey, state, title, h, extra = {}) => ({
  id,
  ref,
  typeKey,
  state,
  title,
  anonymous: false,
  orgId: 'o-b1',
  assigneeId: state === 'submitted' ? null : 'u-officer',
  createdAt: iso(h),
  updatedAt: iso(h / 2),
  firstResponseDueAt: state === 'submitted' ? iso(-6) : null,
  resolutionDueAt: iso(-100),
  firstResponseBreached: false,
  resolutionBreached: false,
  paused: state === 'awaiting_member',
  escalationLevel: 0,
  ...extra,
});
const list = [
  summary('c1', 'C2026-000127', 'injury', 'awaiting_member', '冲压线3号右手夹伤', 30),
  summary('c2', 'C2026-000126', 'demand', 'submitted', '夜班食堂关门太早', 5),
  summary('c3', 'C2026-000119', 'labour_dispute', 'mediation', '加班费未足额发放', 200, {
    firstResponseBreached: true,
    escalationLevel: 1,
  }),
  summary('c4', 'C2026-000101', 'suggestion', 'closed', '更换车间照明为LED', 600, { anonymous: true }),
  summary('c5', 'C2026-000099', 'injury', 'resolved', '搬运导致腰背劳损', 400),
];
const detail = {
  ...list[0],
  stage: null,
  fields: {
    description: '操作冲压机时右手被夹，已就医缝合。',
    incident_date: '2026-11-25',
    location: '冲压线3号工位',
    body_part: 'hand',
    cause: 'machinery',
    severity: 'moderate',
    days_lost: 5,
  },
  fieldsMasked: false,
  submitterId: 'u-member',
  pauseReason: 'awaiting_member',
  firstResponseAt: iso(28),
  resolvedAt: null,
  closedAt: null,
  satisfaction: null,
  attachments: [
    {
      id: 'a1',
      fileName: '伤情照片.jpg',
      mime: 'image/jpeg',
      sizeBytes: 183220,
      uploaderRole: 'member',
      createdAt: iso(30),
    },
  ],
  events: [
    {
      id: '1',
      at: iso(30),
      actorRole: 'member',
      kind: 'submitted',
      action: 'submit',
      toState: 'submitted',
      visibleToMember: true,
      body: null,
      details: {},
    },
    {
      id: '2',
      at: iso(28),
      actorRole: 'handler',
      kind: 'transition',
      action: 'take',
      toState: 'in_progress',
      visibleToMember: true,
      body: null,
      details: {},
    },
    {
      id: '3',
      at: iso(27),
      actorRole: 'handler',
      kind: 'note',
      action: null,
      toState: null,
      visibleToMember: false,
      body: '已联系车间主任核实设备防护罩情况',
      details: {},
    },
    {
      id: '4',
      at: iso(3),
      actorRole: 'handler',
      kind: 'transition',
      action: 'ask_member',
      toState: 'awaiting_member',
      visibleToMember: true,
      body: '请上传就医记录或诊断证明，以便申请工伤认定。',
      details: {},
    },
  ],
  abilities: { actions: ['member_answers', 'withdraw'], message: true },
};
const handlerDetail = {
  ...detail,
  abilities: { actions: ['pause', 'resolve', 'ask_member'], message: true },
};
const memberDetail = { ...detail, events: detail.events.filter((e) => e.visibleToMember) };
const drill = { typeKey: 'injury' };
const months = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
const dashboard = {
  range: { from: iso(8760), to: iso(0) },
  summary: {
    total: 312,
    open: 41,
    slaBreachRate: 0.064,
    avgFirstResponseHours: 9.2,
    medianFirstResponseHours: 6.5,
    avgResolutionHours: 146.3,
    satisfaction: 4.3,
    rated: 188,
  },
  byTypeMonth: months.flatMap((m, i) => [
    { typeKey: 'injury', month: m, count: 6 + i * 2, drill: { month: m, typeKey: 'injury' } },
    { typeKey: 'demand', month: m, count: 14 - i, drill: { month: m, typeKey: 'demand' } },
    {
      typeKey: 'labour_dispute',
      month: m,
      count: 2 + (i % 3),
      drill: { month: m, typeKey: 'labour_dispute' },
    },
    { typeKey: 'suggestion', month: m, count: 5, drill: { month: m, typeKey: 'suggestion' } },
  ]),
  byOrg: [
    ['冲压车间分工会', 74],
    ['焊装车间分工会', 51],
    ['总装车间分工会', 48],
    ['涂装车间分工会', 33],
    ['物流部分工会', 21],
  ].map(([orgName, count], i) => ({
    orgId: `o${i}`,
    orgName,
    count,
    open: Math.round(count / 6),
    drill: { originOrgId: `o${i}` },
  })),
  backlog: [
    { state: 'submitted', count: 9, drill: { state: 'submitted' } },
    { state: 'in_progress', count: 18, drill: { state: 'in_progress' } },
    { state: 'awaiting_member', count: 6, drill: { state: 'awaiting_member' } },
    { state: 'mediation', count: 5, drill: { state: 'mediation' } },
    { state: 'resolved', count: 3, drill: { state: 'resolved' } },
  ],
};
const hotspots = {
  overallRatePer100: 2.73,
  members: 4400,
  items: [
    {
      key: 'o0',
      label: '冲压车间分工会',
      members: 420,
      count: 31,
      previous: 14,
      ratePer100: 7.38,
      smoothedPer100: 6.4,
      expected: 11.5,
      above: true,
      rising: true,
      explanation: {
        zh: '冲压车间分工会：420 名会员，本期 31 起（每百人 7.4 起，平滑后 6.4），总体每百人 2.7 起，按人数预期 11.5 起。明显高于预期（偶然出现的概率约 <0.1%）。较上期 14 起明显上升。',
        en: 'Stamping branch: 420 members, 31 reports this period (7.4 per 100, 6.4 after smoothing); overall 2.7 per 100, so 11.5 expected. Clearly above expected (a chance of about <0.1% of seeing this many by luck). Rising clearly from 14 in the previous period.',
      },
      drill,
    },
    {
      key: 'o1',
      label: '焊装车间分工会',
      members: 610,
      count: 24,
      previous: 22,
      ratePer100: 3.93,
      smoothedPer100: 3.7,
      expected: 16.7,
      above: true,
      rising: false,
      explanation: {
        zh: '焊装车间分工会：610 名会员，本期 24 起（每百人 3.9 起，平滑后 3.7），总体每百人 2.7 起，按人数预期 16.7 起。明显高于预期（偶然出现的概率约 4.3%）。',
        en: 'Welding branch: 610 members, 24 reports (3.9 per 100, 3.7 smoothed); 16.7 expected. Clearly above expected (a chance of about 4.3%).',
      },
      drill,
    },
    {
      key: 'o5',
      label: '试制小组',
      members: 6,
      count: 1,
      previous: 0,
      ratePer100: 16.7,
      smoothedPer100: 2.9,
      expected: 0.2,
      above: false,
      rising: false,
      explanation: {
        zh: '试制小组：6 名会员，本期 1 起（每百人 16.7 起，平滑后 2.9），总体每百人 2.7 起，按人数预期 0.2 起。',
        en: 'Prototype group: 6 members, 1 report (16.7 per 100, 2.9 after smoothing); 0.2 expected.',
      },
      drill,
    },
  ],
};

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const officer = req.headers['x-mock-scenario'] === 'officer';
  if (url.pathname.startsWith('/api/')) {
    const p = url.pathname.slice(4);
    if (p === '/me') return send(res, 200, me(officer));
    if (p === '/setup/status') return send(res, 200, { needsSetup: false });
    if (p === '/my/case-types') return send(res, 200, { items: types });
    if (p === '/my/cases') return send(res, 200, { items: list });
    if (p.startsWith('/my/cases/')) return send(res, 200, memberDetail);
    if (p === '/cases') return send(res, 200, { items: list, total: list.length, page: 1, pageSize: 20 });
    if (p === '/cases/analytics/dashboard') return send(res, 200, dashboard);
    if (p === '/cases/analytics/hotspots') return send(res, 200, hotspots);
    if (p.startsWith('/cases/')) return send(res, 200, handlerDetail);
    return send(res, 200, { items: [], total: 0, unread: 0, page: 1, pageSize: 20 });
  }
  const file = normalize(url.pathname).replace(/^(\.\.[/\\])+/, '');
  let body;
  let type = 'text/html; charset=utf-8';
  try {
    body = await readFile(join(dist, file));
    type = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' }[extname(file)] ?? type;
  } catch {
    body = await readFile(join(dist, 'index.html'));
  }
  res.writeHead(200, { 'content-type': type });
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const shots = [
  { name: 'report', path: '/my/cases/new', scenario: 'member' },
  { name: 'my-cases', path: '/my/cases', scenario: 'member' },
  { name: 'my-case', path: '/my/cases/c1', scenario: 'member' },
  { name: 'queue', path: '/console/cases', scenario: 'officer' },
  { name: 'case', path: '/console/cases/c1', scenario: 'officer' },
  { name: 'dashboard', path: '/console/cases/dashboard', scenario: 'officer' },
];
const problems = [];
try {
  for (const s of shots) {
    for (const lang of ['zh-CN', 'en']) {
      for (const [vp, viewport] of Object.entries({
        phone: { width: 390, height: 844 },
        desktop: { width: 1280, height: 800 },
      })) {
        const ctx = await browser.newContext({
          viewport,
          locale: lang,
          isMobile: vp === 'phone',
          extraHTTPHeaders: { 'x-mock-scenario': s.scenario },
        });
        await ctx.addInitScript((l) => localStorage.setItem('uh.lang', l), lang);
        const page = await ctx.newPage();
        page.on('pageerror', (e) => problems.push(`${s.name}.${lang}.${vp}: ${e.message}`));
        await page.goto(base + s.path, { waitUntil: 'networkidle' });
        await page.waitForTimeout(800);
        if (vp === 'phone') {
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          if (overflow > 0) problems.push(`${s.name}.${lang}.${vp} overflows by ${overflow}px`);
        }
        await page.screenshot({ path: join(outDir, `${s.name}.${lang}.${vp}.png`), fullPage: true });
        await ctx.close();
      }
    }
  }
} finally {
  await browser.close();
  server.close();
  await rm(dist, { recursive: true, force: true });
}
console.log(`screenshots in ${outDir}`);
for (const p of problems) console.log(`problem: ${p}`);
