/** Transport only: officer routes under /dues and the member's /my/dues. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { IdParams } from '../../kernel/http/schemas.js';
import { collectionDashboard, collectionMembers } from './dashboard.service.js';
import * as S from './dues.schemas.js';
import { myDues } from './my.service.js';
import {
  addExemption,
  createRule,
  listRules,
  memberDuesDetail,
  recordCash,
  revealWages,
  reverseEntry,
  setWage,
} from './officer.service.js';
import { getPayrollImport, importPayroll, listPayrollImports, payrollReportCsv } from './payroll.service.js';
import { listArrears, sendReminders } from './reminders.service.js';
import { generateScheduleAsOfficer } from './schedule.service.js';

const tags = ['dues'];
const noStore = { 'cache-control': 'no-store' };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const PAYROLL_LIMIT_BYTES = 10 * 1024 * 1024;

export async function duesRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.get('/my/dues', { schema: { tags, response: { 200: S.MyDuesReply } } }, async (req, reply) => {
    reply.headers(noStore);
    return myDues(deps, actorOf(req));
  });

  api.get(
    '/dues/rules',
    { schema: { tags, querystring: S.OrgQuery, response: { 200: S.RulesReply } } },
    async (req) => listRules(deps, actorOf(req), (req.query as S.OrgQuery).orgId),
  );
  api.post(
    '/dues/rules',
    { schema: { tags, body: S.RuleBody, response: { 201: S.RulesReply } } },
    async (req, reply) => {
      reply.status(201);
      return createRule(deps, actorOf(req), req.body as S.RuleBody);
    },
  );
  api.post(
    '/dues/schedule',
    { schema: { tags, body: S.ScheduleBody, response: { 200: S.ScheduleReply } } },
    async (req) => generateScheduleAsOfficer(deps, actorOf(req), req.body as S.ScheduleBody),
  );

  api.get(
    '/dues/members/:id',
    { schema: { tags, params: IdParams, response: { 200: S.MemberDuesReply } } },
    async (req, reply) => {
      reply.headers(noStore);
      return memberDuesDetail(deps, actorOf(req), (req.params as IdParams).id);
    },
  );
  api.post(
    '/dues/members/:id/wages',
    { schema: { tags, params: IdParams, body: S.WageBody, response: { 200: S.MemberDuesReply } } },
    async (req) => setWage(deps, actorOf(req), (req.params as IdParams).id, req.body as S.WageBody),
  );
  api.post(
    '/dues/members/:id/wages/reveal',
    { schema: { tags, params: IdParams, body: S.ReasonBody, response: { 200: S.WagesRevealReply } } },
    async (req, reply) => {
      reply.headers(noStore);
      return revealWages(deps, actorOf(req), (req.params as IdParams).id, (req.body as S.ReasonBody).reason);
    },
  );
  api.post(
    '/dues/members/:id/exemptions',
    { schema: { tags, params: IdParams, body: S.ExemptionBody, response: { 200: S.MemberDuesReply } } },
    async (req) => addExemption(deps, actorOf(req), (req.params as IdParams).id, req.body as S.ExemptionBody),
  );
  api.post(
    '/dues/members/:id/payments',
    { schema: { tags, params: IdParams, body: S.CashBody, response: { 200: S.MemberDuesReply } } },
    async (req) => recordCash(deps, actorOf(req), (req.params as IdParams).id, req.body as S.CashBody),
  );
  api.post(
    '/dues/entries/:id/reverse',
    { schema: { tags, params: IdParams, body: S.ReasonBody, response: { 200: S.MemberDuesReply } } },
    async (req) =>
      reverseEntry(deps, actorOf(req), (req.params as IdParams).id, (req.body as S.ReasonBody).reason),
  );

  api.get(
    '/dues/arrears',
    { schema: { tags, querystring: S.ArrearsQuery, response: { 200: S.ArrearsReply } } },
    async (req) => listArrears(deps, actorOf(req), req.query as S.ArrearsQuery),
  );
  api.post(
    '/dues/reminders',
    { schema: { tags, body: S.RemindBody, response: { 200: S.RemindReply } } },
    async (req) => sendReminders(deps, actorOf(req), req.body as S.RemindBody),
  );
  api.get(
    '/dues/dashboard',
    { schema: { tags, querystring: S.DashboardQuery, response: { 200: S.DashboardReply } } },
    async (req) => collectionDashboard(deps, actorOf(req), req.query as S.DashboardQuery),
  );
  api.get(
    '/dues/dashboard/members',
    { schema: { tags, querystring: S.DrillQuery, response: { 200: S.DrillReply } } },
    async (req) => collectionMembers(deps, actorOf(req), req.query as S.DrillQuery),
  );

  await api.register(async (scope) => {
    scope.addContentTypeParser(
      ['text/csv', XLSX_TYPE],
      { parseAs: 'buffer', bodyLimit: PAYROLL_LIMIT_BYTES },
      (_req, body, done) => done(null, body),
    );
    scope.post(
      '/dues/payroll',
      {
        bodyLimit: PAYROLL_LIMIT_BYTES,
        schema: { tags, querystring: S.PayrollQuery, response: { 200: S.PayrollReply } },
      },
      async (req) => {
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const format = type === XLSX_TYPE ? 'xlsx' : type === 'text/csv' ? 'csv' : null;
        const rawName = req.headers['x-file-name'];
        let fileName: string | undefined;
        try {
          fileName = typeof rawName === 'string' ? decodeURIComponent(rawName).slice(0, 200) : undefined;
        } catch {
          fileName = undefined;
        }
        const body = Buffer.isBuffer(req.body) ? req.body : null;
        return importPayroll(deps, actorOf(req), req.query as S.PayrollQuery, { body, format, fileName });
      },
    );
  });
  api.get('/dues/payroll', { schema: { tags, response: { 200: S.PayrollListReply } } }, async (req) =>
    listPayrollImports(deps, actorOf(req)),
  );
  api.get(
    '/dues/payroll/:id',
    { schema: { tags, params: IdParams, response: { 200: S.PayrollReply } } },
    async (req) => getPayrollImport(deps, actorOf(req), (req.params as IdParams).id),
  );
  api.get(
    '/dues/payroll/:id/report',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: S.ReportQuery,
        response: { 200: Type.String({ description: 'CSV download (attachment)' }) },
      },
    },
    async (req, reply) => {
      const { id } = req.params as IdParams;
      const csv = await payrollReportCsv(
        deps,
        actorOf(req),
        id,
        (req.query as S.ReportQuery).lang ?? 'zh-CN',
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="payroll-report-${id}.csv"`)
        .send(csv);
    },
  );
}
