/**
 * E-member cards (电子会员卡). A member's portal shows the card with a QR code carrying a short-lived
 * token (CARD_TOKEN_TTL_SECONDS, refreshed on screen); anyone may check a token on the public
 * verification page, which learns only a masked name, the union's name and valid/expired/revoked.
 * Revoking a card (member or officer) refuses all its tokens; a membership that ends revokes it.
 */
import type { Actor } from '../../kernel/auth/actor.js';
import { requireAccess } from '../../kernel/auth/access.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import type { JobDefinition } from '../../kernel/jobs/jobs.js';
import { memberOfUser } from '../members/index.js';
import { maskName } from '../payments/index.js';
import { issueToken, readToken, tokenKey } from './card-token.js';
import { cardsRepo } from './cards.repo.js';

const LIVE = ['active', 'retained', 'transferring'];

const keyOf = (deps: Deps) => tokenKey(deps.ring.blindIndexKey());
const today = (d: Date) => d.toISOString().slice(0, 10);
const endOfYear = (d: Date) => `${d.getUTCFullYear()}-12-31`;

async function audit(
  deps: Deps,
  actor: Actor | null,
  action: string,
  card: { id: string; org_id: string },
  details: Record<string, unknown>,
) {
  await deps.db.transaction().execute((trx) =>
    recordAudit(
      trx,
      {
        actorId: actor?.userId ?? null,
        ip: actor?.ip ?? null,
        action,
        targetType: 'member_card',
        targetId: card.id,
        orgId: card.org_id,
        details,
      },
      deps.clock.now(),
    ),
  );
}

/** The caller's card (issued on first use, renewed after `validUntil`) with a fresh QR token. @throws not_found */
export async function myCard(deps: Deps, actor: Actor) {
  const m = await memberOfUser(deps.db, actor.userId);
  if (!m || !LIVE.includes(m.status)) throw new AppError('not_found');
  const now = deps.clock.now();
  const repo = cardsRepo(deps.db);
  let card = await repo.liveOfMember(m.id);
  if (card && card.valid_until_text < today(now)) {
    await repo.revoke(card.id, { revoked_at: now, revoked_by: null, revoke_reason: 'renewed' });
    card = undefined;
  }
  if (!card) {
    const inserted = await repo.insert({
      member_id: m.id,
      union_id: m.unionId,
      org_id: m.orgId,
      valid_until: endOfYear(now),
      issued_at: now,
    });
    card = await repo.liveOfMember(m.id);
    if (!card) throw new AppError('card.not_issued');
    if (inserted) await audit(deps, actor, 'card.issued', card, { validUntil: card.valid_until_text });
  }
  const expiresAt = new Date(now.getTime() + deps.config.cardTokenTtlSeconds * 1000);
  const token = issueToken(keyOf(deps), card.id, expiresAt);
  return {
    name: card.member_name,
    memberNo: card.member_no,
    unionName: card.union_name,
    validUntil: card.valid_until_text,
    issuedAt: card.issued_at.toISOString(),
    token,
    tokenExpiresAt: expiresAt.toISOString(),
    verifyUrl: `${deps.config.publicOrigin}/verify-card#${token}`,
  };
}

/** The member revokes their own card (lost phone, leaked screenshot); the next visit issues a new one. */
export async function revokeMyCard(deps: Deps, actor: Actor) {
  const m = await memberOfUser(deps.db, actor.userId);
  if (!m) throw new AppError('not_found');
  const card = await cardsRepo(deps.db).liveOfMember(m.id);
  if (!card) throw new AppError('card.revoked');
  const r = await cardsRepo(deps.db).revoke(card.id, {
    revoked_at: deps.clock.now(),
    revoked_by: actor.userId,
    revoke_reason: 'member',
  });
  if (r) await audit(deps, actor, 'card.revoked', card, { by: 'member' });
  return { revoked: true };
}

/** An officer (members.write in scope) revokes a member's live card. @throws not_found, card.revoked */
export async function revokeMemberCard(deps: Deps, actor: Actor, memberId: string, reason: string) {
  const m = await cardsRepo(deps.db).memberOrg(memberId);
  if (!m) throw new AppError('not_found');
  await requireAccess(deps.db, actor, 'members.write', m.org_id);
  const card = await cardsRepo(deps.db).liveOfMember(memberId);
  if (!card) throw new AppError('card.revoked');
  const r = await cardsRepo(deps.db).revoke(card.id, {
    revoked_at: deps.clock.now(),
    revoked_by: actor.userId,
    revoke_reason: reason,
  });
  if (r) await audit(deps, actor, 'card.revoked', card, { by: 'officer', reason });
  return { revoked: true };
}

export type VerifyResult =
  | { status: 'valid'; maskedName: string; unionName: string; validUntil: string }
  | { status: 'expired' | 'revoked' | 'invalid' };

/** Public check of a QR token: never personal data beyond a masked name. */
export async function verifyCardToken(deps: Deps, token: string): Promise<VerifyResult> {
  const claims = readToken(keyOf(deps), token);
  if (!claims || !/^[0-9a-f-]{36}$/.test(claims.c)) return { status: 'invalid' };
  const card = await cardsRepo(deps.db).byId(claims.c);
  if (!card) return { status: 'invalid' };
  const now = deps.clock.now();
  if (card.revoked_at) return { status: 'revoked' };
  if (!LIVE.includes(card.member_status)) {
    const r = await cardsRepo(deps.db).revoke(card.id, {
      revoked_at: now,
      revoked_by: null,
      revoke_reason: 'membership_ended',
    });
    if (r) await audit(deps, null, 'card.revoked', card, { by: 'system', memberStatus: card.member_status });
    return { status: 'revoked' };
  }
  if (claims.e * 1000 < now.getTime() || card.valid_until_text < today(now)) return { status: 'expired' };
  return {
    status: 'valid',
    maskedName: maskName(card.member_name),
    unionName: card.union_name,
    validUntil: card.valid_until_text,
  };
}

/** Job: revoke the live cards of members whose membership ended (left, expelled, transferred out...). */
export async function revokeEndedMemberships(deps: Deps): Promise<number> {
  const repo = cardsRepo(deps.db);
  let n = 0;
  for (const c of await repo.liveOfEndedMembers(LIVE, 500)) {
    const r = await repo.revoke(c.id, {
      revoked_at: deps.clock.now(),
      revoked_by: null,
      revoke_reason: 'membership_ended',
    });
    if (r) {
      n++;
      await audit(deps, null, 'card.revoked', c, { by: 'system', memberStatus: c.status });
    }
  }
  return n;
}

export const cardsJobs: JobDefinition[] = [
  {
    name: 'cards-revoke-ended',
    cron: '*/15 * * * *',
    handler: async (deps) => void (await revokeEndedMemberships(deps)),
  },
];
