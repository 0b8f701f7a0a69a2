/** What an officer may do with one member, from the permissions their grants give at its org node. */
import {
  isLive,
  type MemberStatus,
  OFFICER_ACTIONS,
  type OfficerAction,
  applyTransition,
} from './lifecycle.js';

export type MemberAbilities = {
  edit: boolean;
  reveal: boolean;
  actions: OfficerAction[];
  transfer: boolean;
  createAccount: boolean;
};

export function memberAbilities(
  perms: Set<string>,
  status: MemberStatus,
  hasAccount = false,
): MemberAbilities {
  const write = perms.has('members.write');
  return {
    edit: write && isLive(status) && status !== 'transferring',
    reveal: perms.has('members.pii.reveal'),
    actions: write ? OFFICER_ACTIONS.filter((a) => applyTransition(status, a) !== null) : [],
    transfer: write && applyTransition(status, 'request_transfer') !== null,
    createAccount: write && perms.has('users.manage') && !hasAccount && isLive(status),
  };
}
