/** Every module's routes, registered under /api in this order. */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../kernel/deps.js';
import type { JobDefinition } from '../kernel/jobs/jobs.js';
import { auditLogRoutes } from './audit-log/index.js';
import { caseRoutes, casesJobs } from './cases/index.js';
import { commsJobs, commsRoutes } from './comms/index.js';
import { electionsJobs, electionsRoutes } from './elections/index.js';
import { authRoutes, usersRoutes } from './identity/index.js';
import { memberRoutes } from './members/index.js';
import { orgsRoutes } from './orgs/index.js';
import { paymentsJobs, paymentsRoutes } from './payments/index.js';
import { cardsJobs, cardsRoutes } from './cards/index.js';
import { duesJobs, duesRoutes } from './dues/index.js';
import { pollsRoutes } from './polls/index.js';
import {
  breachJobs,
  breachRoutes,
  privacyJobs,
  privacyRegisterRoutes,
  privacyRoutes,
} from './privacy/index.js';

export const moduleRoutes: Array<(api: FastifyInstance, deps: Deps) => Promise<void>> = [
  authRoutes,
  orgsRoutes,
  usersRoutes,
  auditLogRoutes,
  memberRoutes,
  caseRoutes,
  commsRoutes,
  electionsRoutes,
  paymentsRoutes,
  cardsRoutes,
  duesRoutes,
  pollsRoutes,
  privacyRoutes,
  privacyRegisterRoutes,
  breachRoutes,
];

/** Every module's background jobs and schedules. */
export const moduleJobs: JobDefinition[] = [
  ...casesJobs,
  ...commsJobs,
  ...paymentsJobs,
  ...cardsJobs,
  ...duesJobs,
  ...electionsJobs,
  ...privacyJobs,
  ...breachJobs,
];
