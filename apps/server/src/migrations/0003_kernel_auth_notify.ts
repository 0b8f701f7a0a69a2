import { type Kysely, sql } from 'kysely';

/** NOTIFY 'uh_auth' with the user id whenever a session, account or grant changes (see auth-cache.ts). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION notify_auth_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_TABLE_NAME = 'orgs' THEN
        -- names and places shown in cached views: every process drops its whole cache
        PERFORM pg_notify('uh_auth', '*');
      ELSIF TG_TABLE_NAME = 'users' THEN
        PERFORM pg_notify('uh_auth', COALESCE(NEW.id, OLD.id)::text);
      ELSE
        PERFORM pg_notify('uh_auth', COALESCE(NEW.user_id, OLD.user_id)::text);
      END IF;
      RETURN NULL;
    END $$;
    -- last_seen_at moves every minute and is not cached state worth a notification
    CREATE TRIGGER sessions_auth_notify AFTER UPDATE OF mfa_passed, reauth_at, expires_at, user_id OR DELETE ON sessions
      FOR EACH ROW EXECUTE FUNCTION notify_auth_change();
    CREATE TRIGGER users_auth_notify AFTER UPDATE OR DELETE ON users
      FOR EACH ROW EXECUTE FUNCTION notify_auth_change();
    CREATE TRIGGER orgs_auth_notify AFTER UPDATE ON orgs
      FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_change();
    CREATE TRIGGER grants_auth_notify AFTER INSERT OR UPDATE OR DELETE ON grants
      FOR EACH ROW EXECUTE FUNCTION notify_auth_change();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
