import { type Kysely, sql } from 'kysely';

/**
 * Re-enrolling MFA keeps the current authenticator working until the new one is confirmed: the new
 * secret waits in mfa_pending_secret_enc.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN mfa_pending_secret_enc bytea`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
