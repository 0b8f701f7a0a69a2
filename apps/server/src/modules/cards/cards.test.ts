/**
 * E-member card: the QR token is short-lived and signed; expired, tampered and revoked tokens are
 * refused; an ended membership revokes the card; the public answer holds no personal data (exact JSON).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../kernel/testing/client.js';
import { createTree, createUser, loginAs } from '../../kernel/testing/fixtures.js';
import { insertMemberRow } from '../../kernel/testing/member-fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { revokeEndedMemberships } from './cards.service.js';

let ctx: TestContext;
let member: TestClient;
let officer: TestClient;
let memberId: string;
let leaverClient: TestClient;
let leaverId: string;

beforeAll(async () => {
  ctx = await buildTestApp();
  const { union, branch1 } = await createTree(ctx);
  const u = await createUser(ctx, { username: '欧阳春晓', org: branch1 });
  const l = await createUser(ctx, { username: 'leaver', org: branch1 });
  const o = await createUser(ctx, { username: 'card_officer', org: union, roles: ['chair'] });
  memberId = await insertMemberRow(ctx, { user: u, org: branch1, union });
  leaverId = await insertMemberRow(ctx, { user: l, org: branch1, union });
  member = await loginAs(ctx, u);
  leaverClient = await loginAs(ctx, l);
  officer = await loginAs(ctx, o);
});
afterAll(() => ctx.close());

const verify = (token: string, ip = '10.9.0.1') =>
  ctx.app.inject({ method: 'POST', url: '/api/cards/verify', payload: { token }, remoteAddress: ip });

describe('e-member card', () => {
  it('shows the card with a short-lived token whose public check reveals only a masked name', async () => {
    const res = await member.get('/api/my/card');
    expect(res.statusCode, res.body).toBe(200);
    const card = res.json();
    expect(card).toMatchObject({ name: '欧阳春晓', unionName: '第一机械厂工会' });
    expect(card.verifyUrl).toBe(`${ctx.deps.config.publicOrigin}/verify-card#${card.token}`);
    expect(new Date(card.tokenExpiresAt).getTime() - ctx.clock.now().getTime()).toBe(300_000);
    const v = await verify(card.token);
    expect(v.statusCode).toBe(200);
    expect(JSON.parse(v.body)).toStrictEqual({
      status: 'valid',
      maskedName: '欧**晓',
      unionName: '第一机械厂工会',
      validUntil: `${ctx.clock.now().getUTCFullYear()}-12-31`,
    });
    expect(v.body).not.toContain(card.memberNo);
    expect(v.body).not.toContain(memberId);
  });

  it('refuses an expired token, and a fresh one works again', async () => {
    const { token } = (await member.get('/api/my/card')).json();
    ctx.clock.advance(301_000);
    expect(JSON.parse((await verify(token)).body)).toStrictEqual({ status: 'expired' });
    const fresh = (await member.get('/api/my/card')).json().token;
    expect(JSON.parse((await verify(fresh)).body).status).toBe('valid');
  });

  it('refuses a tampered token', async () => {
    const { token } = (await member.get('/api/my/card')).json();
    const [body, mac] = token.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, e: claims.e + 86_400 })).toString('base64url')}.${mac}`;
    expect(JSON.parse((await verify(forged)).body)).toStrictEqual({ status: 'invalid' });
    const flipped = `${body}.${mac.slice(0, -2)}${mac.at(-2) === 'A' ? 'B' : 'A'}${mac.at(-1)}`;
    expect(JSON.parse((await verify(flipped)).body)).toStrictEqual({ status: 'invalid' });
    expect(JSON.parse((await verify('garbage')).body)).toStrictEqual({ status: 'invalid' });
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/cards/verify',
      payload: { token: 'x', extra: 1 },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('revocation by the member refuses every token of the card; a new card is issued next time', async () => {
    const t1 = (await member.get('/api/my/card')).json().token;
    const t2 = (await member.get('/api/my/card')).json().token;
    expect((await member.post('/api/my/card/revoke')).json()).toEqual({ revoked: true });
    expect(JSON.parse((await verify(t1)).body)).toStrictEqual({ status: 'revoked' });
    expect(JSON.parse((await verify(t2)).body)).toStrictEqual({ status: 'revoked' });
    const t3 = (await member.get('/api/my/card')).json().token;
    expect(JSON.parse((await verify(t3)).body).status).toBe('valid');
  });

  it('revocation by an officer in scope', async () => {
    const t = (await member.get('/api/my/card')).json().token;
    const r = await officer.post(`/api/cards/members/${memberId}/revoke`, { reason: '会员卡遗失' });
    expect(r.statusCode, r.body).toBe(200);
    expect(JSON.parse((await verify(t)).body)).toStrictEqual({ status: 'revoked' });
    const again = await officer.post(`/api/cards/members/${memberId}/revoke`, { reason: '会员卡遗失' });
    expect(again.json().code).toBe('card.revoked');
    const actions = await ctx.deps.db
      .selectFrom('audit_log')
      .where('action', 'like', 'card.%')
      .select('action')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['card.issued', 'card.revoked']));
  });

  it('a membership that ends revokes the card (at verification and by the job)', async () => {
    const t = (await leaverClient.get('/api/my/card')).json().token;
    await ctx.deps.db.updateTable('members').set({ status: 'left' }).where('id', '=', leaverId).execute();
    expect(await revokeEndedMemberships(ctx.deps)).toBe(1);
    expect(JSON.parse((await verify(t)).body)).toStrictEqual({ status: 'revoked' });
    expect((await leaverClient.get('/api/my/card')).statusCode).toBe(404);
  });

  it('rate-limits the public verification endpoint', async () => {
    let limited = 0;
    for (let i = 0; i < 35; i++) if ((await verify('garbage', '10.9.9.9')).statusCode === 429) limited++;
    expect(limited).toBeGreaterThan(0);
  });
});
