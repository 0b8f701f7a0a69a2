import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../auth/sessions.js';
import { createTree, createUser } from '../testing/fixtures.js';
import { buildTestApp, type TestContext } from '../testing/test-app.js';
import { type JobRunner, startJobs } from './jobs.js';
import { kernelJobs } from './kernel-jobs.js';

let ctx: TestContext;
let runner: JobRunner;
beforeAll(async () => {
  ctx = await buildTestApp();
  runner = await startJobs(ctx.deps, ctx.dbUrl, kernelJobs, () => {});
});
afterAll(async () => {
  await runner.stop();
  await ctx.close();
});

describe('background jobs', () => {
  it('housekeeping, run through the queue, removes expired sessions and keeps live ones', async () => {
    const { union } = await createTree(ctx);
    const user = await createUser(ctx, { username: 'member1', org: union });
    const policy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };
    const old = new Date(ctx.clock.now().getTime() - 13 * 3_600_000);
    await createSession(ctx.deps.db, {
      userId: user.id,
      mfaPassed: false,
      ip: '127.0.0.1',
      userAgent: 't',
      now: old,
      policy,
    });
    await createSession(ctx.deps.db, {
      userId: user.id,
      mfaPassed: false,
      ip: '127.0.0.1',
      userAgent: 't',
      now: ctx.clock.now(),
      policy,
    });
    const count = async () =>
      Number(
        (
          await ctx.deps.db
            .selectFrom('sessions')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBe(2);
    await runner.send('kernel-housekeeping');
    await expect.poll(count, { timeout: 15_000, interval: 200 }).toBe(1);
  });
});
