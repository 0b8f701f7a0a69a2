/** Test-only helpers of the elections tests: an election made ready through the API. */
import {
  combineKeyShare,
  createTransportKey,
  createTrustee,
  defaultGroup,
  type Manifest,
  type PublicContext,
  scalarToHex,
  shareFor,
  type TrusteeSecret,
} from '@unionhall/election-crypto';
import { describe, expect, it } from 'vitest';
import { createTree, createUser, loginAs, type TestUser } from '../../kernel/testing/fixtures.js';
import { buildTestApp, type TestContext } from '../../kernel/testing/test-app.js';
import type { OrgRow } from '../orgs/index.js';

export const MIN = 60_000;
const g = defaultGroup();

export type ReadyElection = {
  id: string;
  manifest: Manifest;
  context: PublicContext & { parameter_hash: string };
  /** The one trustee's secret with its combined key share (it can decrypt the tally alone). */
  secret: TrusteeSecret;
};

/**
 * Creates an election in `union` with one contest `chair`, announces it, runs a one-trustee key
 * ceremony through the trustee API, and moves the test clock inside the voting window (opens in 5
 * minutes, closes after an hour).
 */
export async function readyElection(
  ctx: TestContext,
  opts: {
    officer: TestUser;
    trustee: TestUser;
    union: OrgRow;
    title: string;
    rules?: Record<string, unknown>;
    candidates: Array<{ id: string; name: string }>;
  },
): Promise<ReadyElection> {
  const admin = await loginAs(ctx, opts.officer);
  const now = ctx.clock.now().getTime();
  const res = await admin.post('/api/elections', {
    orgId: opts.union.id,
    title: opts.title,
    profile: 'custom',
    rules: { noticeDays: 0, ...opts.rules },
    opensAt: new Date(now + 5 * MIN).toISOString(),
    closesAt: new Date(now + 60 * MIN).toISOString(),
    trusteeUserIds: [opts.trustee.id],
    threshold: 1,
    contests: [{ id: 'chair', kind: 'single', title: '主席', candidates: opts.candidates }],
  });
  expect(res.statusCode, res.body).toBe(201);
  const id: string = res.json().id;
  expect((await admin.post(`/api/elections/${id}/announce`, {})).statusCode).toBe(200);
  const tc = await loginAs(ctx, opts.trustee);
  const view = (await tc.get(`/api/trustee/elections/${id}`)).json();
  const t = createTrustee(g, { index: 1, trustees: 1, threshold: 1, manifestHash: view.manifestHash });
  const keys = await tc.post(`/api/trustee/elections/${id}/keys`, {
    public: t.public,
    transportKey: createTransportKey().public,
  });
  expect(keys.statusCode, keys.body).toBe(200);
  expect((await tc.post(`/api/trustee/elections/${id}/shares`, { shares: [] })).json().status).toBe('ready');
  const secret: TrusteeSecret = t.secret;
  secret.key_share = scalarToHex(combineKeyShare([shareFor(t.secret, 1)]));
  const ready = (await tc.get(`/api/trustee/elections/${id}`)).json();
  ctx.clock.advance(6 * MIN);
  return { id, manifest: ready.manifest, context: ready.parameters, secret };
}

describe('election fixtures', () => {
  it('readyElection leaves a ready election open for voting', async () => {
    const ctx = await buildTestApp();
    try {
      const { union } = await createTree(ctx);
      const officer = await createUser(ctx, { username: 'fx_officer', org: union, roles: ['chair'] });
      const trustee = await createUser(ctx, { username: 'fx_trustee', org: union });
      const el = await readyElection(ctx, {
        officer,
        trustee,
        union,
        title: '夹具测试',
        candidates: [
          { id: 'li', name: '李明' },
          { id: 'wang', name: '王芳' },
        ],
      });
      const view = (await (await loginAs(ctx, officer)).get(`/api/elections/${el.id}`)).json();
      expect(view.status).toBe('ready');
      expect(el.manifest.contests[0]!.id).toBe('chair');
      expect(el.context.parameter_hash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await ctx.close();
    }
  }, 60_000);
});
