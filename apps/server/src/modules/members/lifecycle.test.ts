import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyTransition,
  allowedActions,
  edges,
  isLive,
  MEMBER_ACTIONS,
  MEMBER_STATUSES,
  type MemberStatus,
  ORIGINS,
} from './lifecycle.js';

const status = fc.constantFrom(...MEMBER_STATUSES);
const action = fc.constantFrom(...MEMBER_ACTIONS);

describe('membership lifecycle', () => {
  it('never leaves the graph, whatever sequence of actions is tried', () => {
    const graph = edges();
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(ORIGINS)),
        fc.array(action, { maxLength: 40 }),
        (start, actions) => {
          let s: MemberStatus = start;
          for (const a of actions) {
            const next = applyTransition(s, a);
            if (next === null) continue;
            if (!graph.has(`${s}>${next}`)) return false;
            s = next;
          }
          return MEMBER_STATUSES.includes(s);
        },
      ),
    );
  });
  it('refuses exactly the actions not listed for a status', () => {
    fc.assert(
      fc.property(
        status,
        action,
        (s, a) => (applyTransition(s, a) !== null) === allowedActions(s).includes(a),
      ),
    );
  });
  it('has final statuses with no way out, and only ended records are not live', () => {
    for (const s of ['transferred_out', 'expelled', 'rejected'] as const)
      expect(allowedActions(s)).toEqual([]);
    expect(allowedActions('left')).toEqual(['rejoin']);
    fc.assert(
      fc.property(status, action, (s, a) => {
        const next = applyTransition(s, a);
        // leaving the live set only through leave, expel, reject or a completed transfer
        return (
          !(next && isLive(s) && !isLive(next)) ||
          ['leave', 'expel', 'reject', 'complete_transfer'].includes(a)
        );
      }),
    );
  });
  it('reaches every status from the origins', () => {
    const seen = new Set<MemberStatus>(Object.values(ORIGINS));
    for (let i = 0; i < MEMBER_STATUSES.length; i++)
      for (const s of [...seen])
        for (const a of MEMBER_ACTIONS) {
          const n = applyTransition(s, a);
          if (n) seen.add(n);
        }
    expect([...seen].sort()).toEqual([...MEMBER_STATUSES].sort());
  });
});
