/**
 * Purposes of processing that need the member's consent (PIPL art. 14, 29). Storing an ID number,
 * phone or address needs a recorded, separate consent for `sensitive_pi`; once it is withdrawn, the
 * next processing (reveal, unmasked export, storing a new value) is refused.
 */
import type { Database } from '../../kernel/db/pool.js';
import { AppError } from '../../kernel/http/errors.js';
import { consentsRepo, type NewConsent } from './consents.repo.js';

export const CONSENT_PURPOSES = {
  sensitive_pi: { version: '2025-01', required: true },
  notifications: { version: '2025-01', required: false },
} as const;
export type ConsentPurpose = keyof typeof CONSENT_PURPOSES;

export async function hasConsent(db: Database, memberId: string, purpose: ConsentPurpose): Promise<boolean> {
  const rows = await consentsRepo(db).current(memberId);
  return rows.some((r) => r.purpose === purpose && r.granted);
}

/** @throws AppError member.consent_required unless the member's latest sensitive_pi entry grants it. */
export async function assertSensitiveConsent(db: Database, memberId: string): Promise<void> {
  if (!(await hasConsent(db, memberId, 'sensitive_pi'))) {
    throw new AppError('member.consent_required', { purpose: 'sensitive_pi' });
  }
}

export function consentRow(
  memberId: string,
  purpose: ConsentPurpose,
  granted: boolean,
  source: NewConsent['source'],
  actorId: string | null,
  at: Date,
): NewConsent {
  return {
    member_id: memberId,
    purpose,
    version: CONSENT_PURPOSES[purpose].version,
    granted,
    source,
    actor_id: actorId,
    at,
  };
}
