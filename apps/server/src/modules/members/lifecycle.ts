/**
 * The membership lifecycle as data: statuses, the actions that move between them, and one pure function
 * that applies an action. Everything else (services, UI abilities, tests) derives from this table.
 */

export const MEMBER_STATUSES = [
  'applicant',
  'active',
  'retained',
  'transferring',
  'transferred_out',
  'left',
  'expelled',
  'rejected',
] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** Statuses in which a person holds (or is about to hold) a place in the registry. */
export const LIVE_STATUSES: readonly MemberStatus[] = ['applicant', 'active', 'retained', 'transferring'];

export const TRANSITIONS = {
  approve: { from: ['applicant'], to: 'active' },
  reject: { from: ['applicant'], to: 'rejected' },
  retain: { from: ['active'], to: 'retained' },
  reactivate: { from: ['retained'], to: 'active' },
  leave: { from: ['active', 'retained'], to: 'left' },
  expel: { from: ['active', 'retained'], to: 'expelled' },
  rejoin: { from: ['left'], to: 'active' },
  request_transfer: { from: ['active'], to: 'transferring' },
  cancel_transfer: { from: ['transferring'], to: 'active' },
  decline_transfer: { from: ['transferring'], to: 'active' },
  complete_transfer: { from: ['transferring'], to: 'transferred_out' },
} as const satisfies Record<string, { from: readonly MemberStatus[]; to: MemberStatus }>;
export type MemberAction = keyof typeof TRANSITIONS;
export const MEMBER_ACTIONS = Object.keys(TRANSITIONS) as MemberAction[];

/** Actions an officer triggers directly on one member (transfers have their own two-sided flow). */
export const OFFICER_ACTIONS = [
  'approve',
  'reject',
  'retain',
  'reactivate',
  'leave',
  'expel',
  'rejoin',
] as const;
export type OfficerAction = (typeof OFFICER_ACTIONS)[number];

/** How a record comes into being, and the status it starts in. */
export const ORIGINS = {
  created: 'active',
  imported: 'active',
  applied: 'applicant',
  transferred_in: 'active',
} as const satisfies Record<string, MemberStatus>;
export type MemberOrigin = keyof typeof ORIGINS;

/** The status after `action`, or null when the graph has no such edge. */
export function applyTransition(status: MemberStatus, action: MemberAction): MemberStatus | null {
  const t = TRANSITIONS[action];
  return (t.from as readonly MemberStatus[]).includes(status) ? t.to : null;
}

/** Actions the graph allows from a status. */
export function allowedActions(status: MemberStatus): MemberAction[] {
  return MEMBER_ACTIONS.filter((a) => applyTransition(status, a) !== null);
}

/** Every edge of the graph as `from>to` (for tests and documentation). */
export function edges(): Set<string> {
  const out = new Set<string>();
  for (const t of Object.values(TRANSITIONS)) for (const f of t.from) out.add(`${f}>${t.to}`);
  return out;
}

export function isLive(status: string): boolean {
  return (LIVE_STATUSES as readonly string[]).includes(status);
}
