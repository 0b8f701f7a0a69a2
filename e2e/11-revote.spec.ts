/**
 * Journey 11 (issue 4, E2/E13): re-voting. An election with re-voting (custom rules) is prepared
 * through the API with one trustee; a member votes on a phone, is shown a re-vote code, votes again
 * with it (only the last ballot counts), is refused with a wrong code, and sees the offer in English
 * on a desktop without the kept code; after close the board marks the first tracking code as replaced
 * and the record verifies with one ballot counted.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import {
  combineKeyShare,
  computeDecryptionShare,
  createTransportKey,
  createTrustee,
  defaultGroup,
  type ElectionRecord,
  type Manifest,
  type PublicContext,
  scalarToHex,
  shareFor,
  type TallyJson,
  verifyRecord,
} from '@unionhall/election-crypto';
import { type Account, type ApiClient, ensureAdmin, listOrgs, signIn } from './support/api';
import { snap } from './support/screens';
import { signInContext, watch } from './support/session';

const stamp = Date.now().toString(36);
const PHONE = { width: 390, height: 844 };

/** The set-password link the server mailed to a new member account (file outbox of the e2e server). */
async function setPasswordToken(username: string): Promise<string> {
  const outbox = path.join(path.dirname(process.env.E2E_STATE_DIR ?? ''), 'data', 'outbox.log');
  for (let i = 0; i < 120; i++) {
    if (existsSync(outbox)) {
      const line = readFileSync(outbox, 'utf8')
        .split('\n')
        .find((l) => l.includes(username) && l.includes('reset-password#token='));
      const token = line?.match(/reset-password#token=([A-Za-z0-9_\-.~%]+)/)?.[1];
      if (token) return token;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no set-password mail for ${username}`);
}

async function createVoter(api: ApiClient, orgId: string, name: string): Promise<Account> {
  const username = `revoter.${stamp}`;
  const m = await api.call<{ id: string }>('POST', '/api/members', {
    name,
    orgId,
    email: `${username}@example.org`,
  });
  await api.call('POST', `/api/members/${m.id}/account`, { username });
  const password = `Willow-Lantern-${stamp}!`;
  await api.call('POST', '/api/auth/password/reset', {
    token: await setPasswordToken(username),
    newPassword: password,
  });
  return { username, password, displayName: name };
}

async function voterPage(browser: Browser, account: Account, opts: { en?: boolean; phone?: boolean }) {
  const ctx = await browser.newContext(opts.phone ? { viewport: PHONE, isMobile: true, hasTouch: true } : {});
  if (opts.en) await ctx.addInitScript(() => localStorage.setItem('uh.lang', 'en'));
  return signInContext(ctx, 'revoter', account);
}

async function encryptAndCast(p: Page, candidate: string) {
  await p.getByText(candidate, { exact: true }).click();
  await p.getByTestId('encrypt').click();
  await p.getByTestId('cast').click({ timeout: 60_000 });
}

test('a voter replaces their ballot with the re-vote code; only the last counts', async ({ browser }) => {
  test.setTimeout(10 * 60_000);
  const errors: string[] = [];
  const api = await signIn('admin', await ensureAdmin());
  const top = (await listOrgs(api)).find((o) => o.parentId === null);
  if (!top) throw new Error('no root org');
  const unit = await api.call<{ id: string }>('POST', '/api/orgs', {
    parentId: top.id,
    name: `重投测试分会 ${stamp}`,
    kind: 'branch',
  });
  const trusteeAccount = {
    username: `rvtrustee.${stamp}`,
    password: `Quiet-Harbour-${stamp}!`,
    displayName: '周监票',
  };
  const trusteeUser = await api.call<{ id: string }>('POST', '/api/users', {
    ...trusteeAccount,
    orgId: unit.id,
  });
  const voter = await createVoter(api, unit.id, '韩梅');

  const now = Date.now();
  // Re-voting elections cannot close early: the window is as short as the voting below allows.
  const closes = new Date(now + 180_000);
  const created = await api.call<{ id: string }>('POST', '/api/elections', {
    orgId: unit.id,
    title: `分会主席选举（可重新投票）${stamp}`,
    profile: 'custom',
    rules: {
      noticeDays: 0,
      allowRevote: true,
      minCandidateSurplus: 0,
      quorumOfEntitled: 0,
      majorityBase: 'voting',
    },
    opensAt: new Date(now + 15_000).toISOString(),
    closesAt: closes.toISOString(),
    trusteeUserIds: [trusteeUser.id],
    threshold: 1,
    contests: [
      {
        id: 'chair',
        kind: 'single',
        title: '分会主席',
        candidates: [
          { id: 'k1', name: '张建华' },
          { id: 'k2', name: '李红梅' },
        ],
      },
    ],
  });
  const id = created.id;
  await api.call('POST', `/api/elections/${id}/announce`);
  // One trustee, key ceremony through the API.
  const tc = await signIn('rvtrustee', trusteeAccount);
  const tv = await tc.call<{ manifestHash: string }>('GET', `/api/trustee/elections/${id}`);
  const g = defaultGroup();
  const t = createTrustee(g, { index: 1, trustees: 1, threshold: 1, manifestHash: tv.manifestHash });
  await tc.call('POST', `/api/trustee/elections/${id}/keys`, {
    public: t.public,
    transportKey: createTransportKey().public,
  });
  await tc.call('POST', `/api/trustee/elections/${id}/shares`, { shares: [] });
  t.secret.key_share = scalarToHex(combineKeyShare([shareFor(t.secret, 1)]));

  // ---- vote on a phone, get the code, vote again with it ----
  const p = await voterPage(browser, voter, { phone: true });
  watch(p, errors);
  await p.goto(`/my/elections/${id}`);
  await expect(async () => {
    await p.reload();
    await expect(p.getByTestId('encrypt')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 90_000, intervals: [3_000] });
  await encryptAndCast(p, '张建华');
  const firstCode = (await p.getByTestId('tracking-code').textContent({ timeout: 30_000 }))?.trim() ?? '';
  const code1 = ((await p.getByTestId('revote-code').textContent()) ?? '').replace(/\s/g, '');
  expect(code1).toMatch(/^[0-9a-f]{64}$/);
  await snap(p, '11-revote-code-zh');
  await p.getByTestId('revote').click();
  // Prefilled from this browser, in groups of four as shown.
  await expect(p.getByTestId('revote-code-input')).toHaveValue(code1.match(/.{4}/g)!.join(' '));
  await snap(p, '11-revote-start-zh');
  await encryptAndCast(p, '李红梅');
  const secondCode = (await p.getByTestId('tracking-code').textContent({ timeout: 30_000 }))?.trim() ?? '';
  expect(secondCode).not.toBe(firstCode);
  const code2 = ((await p.getByTestId('revote-code').textContent()) ?? '').replace(/\s/g, '');
  expect(code2).not.toBe(code1);

  // A used code is refused with a clear message; the last ballot stays counted.
  await p.getByTestId('revote').click();
  await p.getByTestId('revote-code-input').fill(code1);
  await encryptAndCast(p, '张建华');
  await expect(p.getByRole('alert').filter({ hasText: '重新投票码与您最后一张选票不符' })).toBeVisible();
  await snap(p, '11-revote-wrong-code-zh');

  // English, desktop, another browser: the offer without a kept code.
  const d = await voterPage(browser, voter, { en: true });
  watch(d, errors);
  await d.goto(`/my/elections/${id}`);
  await expect(d.getByTestId('revote-offer')).toContainText('re-voting');
  await expect(d.getByTestId('revote-code-card')).toHaveCount(0);
  await snap(d, '11-revote-offer-en');
  await d.getByTestId('revote').click();
  await expect(d.getByTestId('revote-code-input')).toHaveValue('');
  await snap(d, '11-revote-enter-code-en');

  // ---- close, decrypt, verify; the board marks the replaced ballot ----
  const wait = closes.getTime() - Date.now() + 2_000;
  if (wait > 0) await p.waitForTimeout(wait);
  await api.call('POST', `/api/elections/${id}/close`);
  const view = await tc.call<{ tally: TallyJson; manifest: Manifest; parameters: PublicContext }>(
    'GET',
    `/api/trustee/elections/${id}`,
  );
  const share = computeDecryptionShare(
    g,
    view.manifest,
    view.parameters.parameter_hash,
    t.secret,
    view.tally,
  );
  await tc.call('POST', `/api/trustee/elections/${id}/decryption`, { share });
  const record = await api.call<ElectionRecord>('GET', `/api/elections/${id}/record`);
  expect(await verifyRecord(record)).toEqual({ ok: true, ballots: 1 });
  expect(record.board.supersedes?.map((s) => s.tracking_code)).toEqual([firstCode]);
  const votes = Object.fromEntries(record.results.contests[0]!.options.map((o) => [o.option_id, o.votes]));
  expect(votes).toEqual({ k1: 0, k2: 1 });
  await p.goto(`/my/elections/${id}/board`);
  await p.getByTestId('board-search').locator('input').fill(firstCode);
  await expect(p.getByTestId('board-replaced')).toBeVisible();
  await snap(p, '11-board-replaced-zh');
  expect(errors).toEqual([]);
});
