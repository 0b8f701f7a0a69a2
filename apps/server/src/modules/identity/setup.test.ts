import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../kernel/auth/totp.js';
import { TestClient } from '../../kernel/testing/client.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import { issueSetupLink } from './setup.service.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await buildTestApp();
});
afterAll(() => ctx.close());

describe('first start and setup wizard', () => {
  it('has no account, then the one-time link creates the union and an administrator who must enrol MFA', async () => {
    const anon = new TestClient(ctx.app);
    expect((await anon.get('/api/setup/status')).json()).toEqual({ needsSetup: true });
    const link = await issueSetupLink(ctx.deps);
    const token = new URL(link!).hash.replace('#token=', '');

    const bad = await anon.post('/api/setup', {
      token: 'wrong-token-value',
      orgName: '示例市总工会',
      orgKind: 'federation',
      username: 'admin',
      displayName: '管理员',
      password: 'Long-enough-passphrase-9',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('auth.invalid_token');

    const weak = await anon.post('/api/setup', {
      token,
      orgName: '示例市总工会',
      orgKind: 'federation',
      username: 'admin',
      displayName: '管理员',
      password: '示例市总工会2024',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().details.problems).toContain('contains_union_name');

    const ok = await anon.post('/api/setup', {
      token,
      orgName: '示例市总工会',
      orgKind: 'federation',
      username: 'admin',
      displayName: '管理员',
      password: 'Long-enough-passphrase-9',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await anon.get('/api/setup/status')).json()).toEqual({ needsSetup: false });

    // An officer without MFA reaches nothing but enrolment.
    const orgs = await anon.get('/api/orgs');
    expect(orgs.statusCode).toBe(403);
    expect(orgs.json().code).toBe('auth.mfa_enrollment_required');

    const enrol = await anon.post('/api/auth/mfa/enroll');
    expect(enrol.statusCode, enrol.body).toBe(200);
    const { secret, qrSvg } = enrol.json();
    expect(qrSvg).toContain('<svg');
    ctx.clock.advance(30_000);
    const act = await anon.post('/api/auth/mfa/activate', { code: totpCode(secret, ctx.clock.now()) });
    expect(act.statusCode, act.body).toBe(200);
    expect(act.json().recoveryCodes).toHaveLength(10);
    const tree = await anon.get('/api/orgs');
    expect(tree.statusCode, tree.body).toBe(200);
    expect(tree.json().items[0].name).toBe('示例市总工会');

    const again = await anon.post('/api/setup', {
      token,
      orgName: 'x',
      orgKind: 'federation',
      username: 'admin2',
      displayName: 'x',
      password: 'Long-enough-passphrase-9',
    });
    expect(again.statusCode).toBe(409);
  });
});
