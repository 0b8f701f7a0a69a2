/** Public API of the dues module (会费): rules, wages, schedule, ledger, payroll, arrears, dashboard. */
export {
  getMemberDues,
  recordPaymentInTx,
  recordRefundInTx,
  duesStanding,
  type DuesStanding,
  type MemberDues,
  type PaymentInput,
  type PaymentSource,
  type RefundInput,
} from './ledger.service.js';
export type { PeriodDues as DuesPeriod } from './dues.calc.js';
export { reverseEntryInTx } from './ledger.service.js';
export { duesRoutes } from './dues.routes.js';
export { duesJobs } from './jobs.js';
export { runMonthlySchedule, generateSchedule } from './schedule.service.js';
export { runMonthlyReminders, REMINDER_TEMPLATE } from './reminders.service.js';
