/**
 * Workflow and SLA properties (fast-check): no transition outside the declared graph, every case can
 * reach closed, and SLA clocks pause and resume exactly (fake time).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CASE_TYPES, checkFieldValues, validateCaseType } from './case-types.js';
import {
  isBreached,
  pauseClock,
  resumeClock,
  runningMs,
  type SlaClock,
  startClock,
  stopClock,
} from './sla.js';
import {
  allowedActions,
  applyTransition,
  CLOSED,
  type CaseRole,
  statesReachingClosed,
  validateWorkflow,
} from './workflow.js';

const ROLES: CaseRole[] = ['member', 'handler', 'system'];
const now = new Date('2026-01-01T00:00:00Z');

describe('shipped case types', () => {
  it('all validate and can reach closed from every state', () => {
    for (const t of BUILTIN_CASE_TYPES) {
      expect(validateCaseType(t), t.key).toEqual([]);
      expect(statesReachingClosed(t.workflow).size).toBe(t.workflow.states.length);
    }
  });
  it('the labour dispute type walks consultation -> mediation -> arbitration -> litigation', () => {
    const wf = BUILTIN_CASE_TYPES.find((t) => t.key === 'labour_dispute')!.workflow;
    let state = 'submitted';
    for (const action of ['take', 'to_mediation', 'to_arbitration', 'to_litigation', 'resolve', 'confirm']) {
      const r = applyTransition(
        wf,
        { state, firstResponseAt: null },
        { action, reason: '依法推进' },
        {
          role: action === 'confirm' ? 'member' : 'handler',
        },
        now,
      );
      expect(r.ok, action).toBe(true);
      if (r.ok) state = r.to;
    }
    expect(state).toBe(CLOSED);
  });
  it('injury fields are checked', () => {
    const injury = BUILTIN_CASE_TYPES.find((t) => t.key === 'injury')!;
    expect(
      checkFieldValues(injury, {
        description: 'x',
        incident_date: '2026-01-02',
        location: 'A',
        body_part: 'hand',
        severity: 'minor',
      }).ok,
    ).toBe(true);
    const bad = checkFieldValues(injury, {
      description: 'x',
      body_part: 'tail',
      severity: 'minor',
      extra: 1,
    });
    expect(bad.ok).toBe(false);
  });
  it('refuses a workflow with a dead end or an unknown state', () => {
    expect(
      validateWorkflow({
        initial: 'a',
        states: [{ key: 'a' }, { key: 'b' }, { key: 'closed' }],
        transitions: [
          { action: 'go', from: ['a'], to: 'b', roles: ['handler'] },
          { action: 'end', from: ['a'], to: 'closed', roles: ['handler'] },
        ],
      }),
    ).toContain('state b cannot reach closed');
    expect(
      validateWorkflow({
        initial: 'a',
        states: [{ key: 'a' }, { key: 'closed' }],
        transitions: [{ action: 'x', from: ['a'], to: 'z', roles: ['member'] }],
      }).length,
    ).toBeGreaterThan(0);
  });
});

/** Random graphs over a few states; only those validateWorkflow accepts are used by the engine. */
const arbWorkflow = fc
  .record({
    n: fc.integer({ min: 1, max: 5 }),
    edges: fc.array(
      fc.record({
        from: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }),
        to: fc.integer({ min: 0, max: 5 }),
        role: fc.constantFrom(...ROLES),
      }),
      { minLength: 1, maxLength: 12 },
    ),
  })
  .map(({ n, edges }) => {
    const keys = [...Array.from({ length: n }, (_, i) => `s${i}`), CLOSED];
    const k = (i: number) => keys[i % keys.length]!;
    return {
      initial: 's0',
      states: keys.map((key) => ({ key, ...(key === 's1' ? { pausesSla: true } : {}) })),
      transitions: edges.map((e, i) => ({
        action: `a${i}`,
        from: [...new Set(e.from.map(k))],
        to: k(e.to),
        roles: [e.role],
      })),
    };
  });

describe('workflow properties', () => {
  it('no transition outside the declared graph, whatever the action and role', () => {
    fc.assert(
      fc.property(
        arbWorkflow,
        fc.array(
          fc.record({
            action: fc.constantFrom('a0', 'a1', 'a2', 'a3', 'zz', 'take'),
            role: fc.constantFrom(...ROLES),
          }),
          { maxLength: 30 },
        ),
        (wf, steps) => {
          let state = wf.initial;
          for (const s of steps) {
            const r = applyTransition(
              wf,
              { state, firstResponseAt: null },
              { action: s.action, reason: 'ok', rating: 5 },
              { role: s.role },
              now,
            );
            if (!r.ok) continue;
            const edge = wf.transitions.find((t) => t.action === s.action && t.from.includes(state));
            expect(edge).toBeDefined();
            expect(edge!.roles).toContain(s.role);
            expect(r.to).toBe(edge!.to);
            state = r.to;
          }
        },
      ),
    );
  });

  it('in every valid workflow, any state reached by any walk can still reach closed', () => {
    fc.assert(
      fc.property(arbWorkflow, fc.array(fc.nat(20), { maxLength: 25 }), (wf, picks) => {
        fc.pre(validateWorkflow(wf).length === 0);
        let state = wf.initial;
        for (const p of picks) {
          const options = wf.transitions.filter((t) => t.from.includes(state));
          if (options.length === 0) break;
          const t = options[p % options.length]!;
          const r = applyTransition(
            wf,
            { state, firstResponseAt: null },
            { action: t.action, reason: 'ok' },
            { role: t.roles[0]! },
            now,
          );
          expect(r.ok).toBe(true);
          if (r.ok) state = r.to;
        }
        // breadth-first from the reached state, over declared edges only
        const seen = new Set([state]);
        const queue = [state];
        while (queue.length) {
          const s = queue.shift()!;
          for (const t of wf.transitions) {
            if (t.from.includes(s) && !seen.has(t.to)) {
              seen.add(t.to);
              queue.push(t.to);
            }
          }
        }
        expect(seen.has(CLOSED)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('every shipped type reaches closed from every state along the member/handler actions', () => {
    for (const t of BUILTIN_CASE_TYPES) {
      for (const s of t.workflow.states) {
        const acts = ROLES.flatMap((r) => allowedActions(t.workflow, s.key, r));
        if (s.key !== CLOSED) expect(acts.length, `${t.key}/${s.key}`).toBeGreaterThan(0);
      }
    }
  });

  it('actions needing a reason refuse without one', () => {
    const wf = BUILTIN_CASE_TYPES[0]!.workflow;
    const r = applyTransition(
      wf,
      { state: 'in_progress', firstResponseAt: now },
      { action: 'pause' },
      { role: 'handler' },
      now,
    );
    expect(r).toEqual({ ok: false, error: 'reason_required' });
    const m = applyTransition(
      wf,
      { state: 'submitted', firstResponseAt: null },
      { action: 'take' },
      { role: 'member' },
      now,
    );
    expect(m).toEqual({ ok: false, error: 'not_allowed' });
  });
});

describe('SLA clocks (fake time)', () => {
  type Op = { kind: 'pause' | 'resume' | 'wait'; ms: number };
  const arbOps = fc.array(
    fc.record({
      kind: fc.constantFrom<Op['kind']>('pause', 'resume', 'wait'),
      ms: fc.integer({ min: 0, max: 5 * 3_600_000 }),
    }),
    { maxLength: 40 },
  );

  it('running time equals wall time minus the time spent paused', () => {
    fc.assert(
      fc.property(arbOps, fc.integer({ min: 1, max: 48 * 3_600_000 }), (ops, budget) => {
        let t = now.getTime();
        let clock: SlaClock = startClock(new Date(t), budget);
        let paused = false;
        let expectedRunning = 0;
        for (const op of ops) {
          if (op.kind === 'pause') {
            clock = pauseClock(clock, new Date(t));
            paused = true;
          } else if (op.kind === 'resume') {
            clock = resumeClock(clock, new Date(t));
            paused = false;
          } else {
            t += op.ms;
            if (!paused) expectedRunning += op.ms;
          }
          expect(runningMs(clock, new Date(t))).toBe(expectedRunning);
          expect(isBreached(clock, new Date(t))).toBe(expectedRunning > budget);
        }
        const stopped = stopClock(clock, new Date(t));
        expect(runningMs(stopped, new Date(t + 10 * 3_600_000))).toBe(expectedRunning);
      }),
    );
  });

  it('a paused clock never breaches, and resumes with the remaining budget', () => {
    const h = 3_600_000;
    let c = startClock(now, 24 * h);
    c = pauseClock(c, new Date(now.getTime() + 10 * h));
    expect(isBreached(c, new Date(now.getTime() + 100 * h))).toBe(false);
    c = resumeClock(c, new Date(now.getTime() + 100 * h));
    expect(isBreached(c, new Date(now.getTime() + 113 * h))).toBe(false);
    expect(isBreached(c, new Date(now.getTime() + 114 * h + 1))).toBe(true);
  });
});
