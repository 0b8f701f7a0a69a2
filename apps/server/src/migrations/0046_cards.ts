import { type Kysely, sql } from 'kysely';

/**
 * E-member cards (电子会员卡): one row per issued card. The QR code carries a short-lived signed token
 * naming the card; revoking the card (by the member, an officer, or automatically when the membership
 * ends) makes every token of it refused.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE member_cards (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      member_id uuid NOT NULL REFERENCES members(id),
      union_id uuid NOT NULL REFERENCES orgs(id),
      org_id uuid NOT NULL REFERENCES orgs(id),
      valid_until date NOT NULL,
      issued_at timestamptz NOT NULL,
      revoked_at timestamptz,
      revoked_by uuid REFERENCES users(id),
      revoke_reason text
    );
    CREATE UNIQUE INDEX member_cards_one_live ON member_cards (member_id) WHERE revoked_at IS NULL;
    CREATE INDEX member_cards_org ON member_cards (org_id);
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
