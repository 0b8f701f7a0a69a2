import { type Kysely, sql } from 'kysely';

/**
 * Cases deleted after their archive period (privacy retention, `closedCases`) leave the
 * pre-aggregated analytics as they were: the counts per org node, type and month hold no personal
 * data, and a dashboard of ten years ago should not change because the files behind it were
 * destroyed. The purge names itself with `unionhall.case_archive_purge` (transaction-local); any
 * other DELETE of a case still takes it out of the counts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION case_rollup_on_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
    DECLARE olds cases[]; old_paths text[];
    BEGIN
      IF current_setting('unionhall.case_archive_purge', true) = 'on' THEN
        RETURN NULL;
      END IF;
      SELECT array_agg(o::cases), array_agg(og.path) INTO olds, old_paths
        FROM old_rows o JOIN orgs og ON og.id = o.org_id;
      PERFORM case_rollup_apply(olds, old_paths, '{}'::cases[], '{}'::text[]);
      RETURN NULL;
    END
    $fn$;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
