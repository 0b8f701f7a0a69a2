/** Setup, sign-in and the caller's own account. Transport only. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import { DEVICE_COOKIE } from '../../kernel/auth/sessions.js';
import type { Deps } from '../../kernel/deps.js';
import {
  activateMfa,
  changeContact,
  changePassword,
  enrollMfa,
  getMe,
  requestPasswordReset,
  resetPassword,
} from './account.service.js';
import { login, logout, reauthenticate, verifySecondFactor } from './auth.service.js';
import { clearSessionCookies, setDeviceCookie, setSessionCookies } from './cookies.js';
import * as S from './identity.schemas.js';
import { completeSetup, needsSetup } from './setup.service.js';

const tags = ['auth'];
const NoContent = { 204: Type.Null() };
// Sign-in endpoints get a tighter per-address limit on top of the account throttle.
const loginLimit = { rateLimit: { max: 30, timeWindow: 60_000 } };

export async function authRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  api.get(
    '/setup/status',
    { config: { public: true }, schema: { tags, response: { 200: S.SetupStatusReply } } },
    async () => ({
      needsSetup: await needsSetup(deps.db),
    }),
  );
  api.post(
    '/setup',
    {
      config: { public: true, ...loginLimit },
      schema: { tags, body: S.SetupBody, response: { 201: S.CsrfReply } },
    },
    async (req, reply) => {
      const r = await completeSetup(
        deps,
        req.body as typeof S.SetupBody.static,
        req.ip,
        req.headers['user-agent'],
      );
      setSessionCookies(reply, r.sessionToken, r.csrfToken);
      return reply.status(201).send({ csrfToken: r.csrfToken });
    },
  );
  api.post(
    '/auth/login',
    {
      config: { public: true, ...loginLimit },
      schema: { tags, body: S.LoginBody, response: { 200: S.LoginReply } },
    },
    async (req, reply) => {
      const body = req.body as typeof S.LoginBody.static;
      const r = await login(deps, {
        ...body,
        ip: req.ip,
        userAgent: req.headers['user-agent'],
        deviceToken: req.cookies[DEVICE_COOKIE],
        oldSessionIdHash: req.actor?.sessionIdHash,
      });
      setSessionCookies(reply, r.sessionToken, r.csrfToken);
      setDeviceCookie(reply, r.deviceToken);
      return { status: r.status, csrfToken: r.csrfToken };
    },
  );
  api.post(
    '/auth/mfa/verify',
    { config: loginLimit, schema: { tags, body: S.MfaVerifyBody, response: { 200: S.LoginReply } } },
    async (req, reply) => {
      const r = await verifySecondFactor(deps, actorOf(req), {
        ...(req.body as object),
        userAgent: req.headers['user-agent'],
      });
      setSessionCookies(reply, r.sessionToken, r.csrfToken);
      return { status: 'ok' as const, csrfToken: r.csrfToken };
    },
  );
  api.post('/auth/logout', { schema: { tags, response: NoContent } }, async (req, reply) => {
    await logout(deps, actorOf(req));
    clearSessionCookies(reply);
    return reply.status(204).send();
  });
  api.get('/me', { schema: { tags, response: { 200: S.MeReply } } }, async (req) =>
    getMe(deps, actorOf(req), req.sessionToken!),
  );
  api.post(
    '/auth/reauth',
    { config: loginLimit, schema: { tags, body: S.ReauthBody, response: NoContent } },
    async (req, reply) => {
      await reauthenticate(deps, actorOf(req), (req.body as typeof S.ReauthBody.static).password);
      return reply.status(204).send();
    },
  );
  api.post('/auth/mfa/enroll', { schema: { tags, response: { 200: S.EnrollReply } } }, async (req) =>
    enrollMfa(deps, actorOf(req)),
  );
  api.post(
    '/auth/mfa/activate',
    { schema: { tags, body: S.ActivateBody, response: { 200: S.ActivateReply } } },
    async (req) => activateMfa(deps, actorOf(req), (req.body as typeof S.ActivateBody.static).code),
  );
  api.post(
    '/auth/password/change',
    { config: loginLimit, schema: { tags, body: S.ChangePasswordBody, response: NoContent } },
    async (req, reply) => {
      const b = req.body as typeof S.ChangePasswordBody.static;
      await changePassword(deps, actorOf(req), b.currentPassword, b.newPassword);
      return reply.status(204).send();
    },
  );
  api.post(
    '/auth/password/reset-request',
    {
      config: { public: true, ...loginLimit },
      schema: { tags, body: S.ResetRequestBody, response: { 202: Type.Null() } },
    },
    async (req, reply) => {
      await requestPasswordReset(deps, (req.body as typeof S.ResetRequestBody.static).username, req.ip);
      return reply.status(202).send();
    },
  );
  api.post(
    '/auth/password/reset',
    { config: { public: true, ...loginLimit }, schema: { tags, body: S.ResetBody, response: NoContent } },
    async (req, reply) => {
      const b = req.body as typeof S.ResetBody.static;
      await resetPassword(deps, b.token, b.newPassword, req.ip);
      return reply.status(204).send();
    },
  );
  api.patch(
    '/me/contact',
    { schema: { tags, body: S.ContactBody, response: NoContent } },
    async (req, reply) => {
      await changeContact(deps, actorOf(req), req.body as typeof S.ContactBody.static);
      return reply.status(204).send();
    },
  );
}
