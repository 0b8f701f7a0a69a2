/**
 * Bulk SQL of the import job. Per batch the new members are COPYed (text format) into a temporary
 * staging table on the load transaction's connection, then ONE statement inserts them into members
 * with their `imported` history events and attested `sensitive_pi` consents, and the stage is emptied.
 * COPY costs PostgreSQL a fraction of parsing 20 parameter arrays for `unnest`, and Node a fraction
 * of serialising them.
 */
import { sql } from 'kysely';
import type pg from 'pg';
import type { Database } from '../../../kernel/db/pool.js';
import { LIVE_STATUSES } from '../lifecycle.js';
import { copyFrom, copyLine } from './copy-in.js';

/** Separator of the name grams inside one array element (grams never contain control characters). */
const GRAM_SEP = '\u001f';

/** A gram holding the separator (a control character in a name) is left out: search never asks for it. */
const gramsText = (grams: string[]) => grams.filter((g) => !g.includes(GRAM_SEP)).join(GRAM_SEP);

export type ImportedMember = {
  /** the file's row (for the report), not a column */
  row_no: number;
  id: string;
  member_no: string;
  name: string;
  name_initials: string;
  name_pinyin: string;
  name_grams: string[];
  gender: string;
  birth_date: string | null;
  id_type: string;
  id_number_enc: Buffer;
  id_number_bidx: string;
  phone_enc: Buffer | null;
  phone_bidx: string | null;
  email: string | null;
  address_enc: Buffer | null;
  employer: string | null;
  department: string | null;
  job_title: string | null;
  education: string | null;
  join_date: string;
};

export function importBulkRepo(db: Database) {
  return {
    /** Live records holding any of these document numbers (one query per batch). */
    liveByIdBidxs: async (bidxs: string[]) =>
      bidxs.length === 0
        ? []
        : (
            await sql<{ union_id: string; id_number_bidx: string }>`
              SELECT union_id, id_number_bidx FROM members
              WHERE id_number_bidx = ANY(${bidxs}::text[])
                AND status = ANY(${[...LIVE_STATUSES]}::text[])`.execute(db)
          ).rows,

    /**
     * The load transaction's staging table: temporary (never WAL-logged, private to the connection) and
     * dropped at COMMIT or ROLLBACK, so a failed, aborted or crashed job leaves nothing behind. It only
     * ever holds ciphertexts and blind indexes, like members itself.
     */
    openStage: async () => {
      // The load commits once per job and a crash before that commit rolls it all back (re-importing
      // the same file is idempotent), so waiting for its WAL flush buys nothing; the job row's own,
      // synchronous, commit right after it flushes this commit record as well.
      await sql`SET LOCAL synchronous_commit = off`.execute(db);
      await sql`
        CREATE TEMP TABLE member_import_stage (id uuid, member_no text, name text,
          name_initials text COLLATE "C", name_pinyin text COLLATE "C", grams text, gender text,
          birth_date date, id_type text, id_number_enc bytea, id_number_bidx text, phone_enc bytea,
          phone_bidx text, email text, address_enc bytea, employer text, department text, job_title text,
          education text, join_date date) ON COMMIT DROP`.execute(db);
    },

    /**
     * Inserts the staged batch as active members of one union/org node, with their history event and
     * consent, in one statement, and empties the stage. A row whose document number became live since
     * the duplicate lookup (a concurrent import committed it) is skipped, not an error: the returned
     * blind indexes are the rows actually inserted.
     */
    insertStaged: async (ctx: {
      unionId: string;
      orgId: string;
      importId: string;
      actorId: string | null;
      consentVersion: string;
      at: Date;
    }): Promise<Set<string>> => {
      const r = await sql<{ id_number_bidx: string }>`
        WITH m AS (
          INSERT INTO members (id, union_id, org_id, member_no, status, name, name_initials, name_pinyin,
            name_grams, gender, birth_date, id_type, id_number_enc, id_number_bidx, phone_enc, phone_bidx,
            email, address_enc, employer, department, job_title, education, join_date, import_id,
            created_at, updated_at)
          SELECT u.id, ${ctx.unionId}::uuid, ${ctx.orgId}::uuid, u.member_no, 'active', u.name,
            u.name_initials, u.name_pinyin, string_to_array(u.grams, ${GRAM_SEP}), u.gender, u.birth_date,
            u.id_type, u.id_number_enc, u.id_number_bidx, u.phone_enc, u.phone_bidx, u.email,
            u.address_enc, u.employer, u.department, u.job_title, u.education, u.join_date,
            ${ctx.importId}::uuid, ${ctx.at}::timestamptz, ${ctx.at}::timestamptz
          FROM member_import_stage u
          ON CONFLICT (id_number_bidx) WHERE status IN ('applicant', 'active', 'retained', 'transferring')
            DO NOTHING
          RETURNING id, id_number_bidx
        ), e AS (
          INSERT INTO member_events (member_id, at, actor_id, action, from_status, to_status, union_id,
            org_id, details)
          SELECT m.id, ${ctx.at}::timestamptz, ${ctx.actorId}::uuid, 'imported', NULL, 'active',
            ${ctx.unionId}::uuid, ${ctx.orgId}::uuid, ${JSON.stringify({ importId: ctx.importId })}::jsonb
          FROM m
        ), c AS (
          INSERT INTO member_consents (member_id, purpose, version, granted, at, actor_id, source)
          SELECT m.id, 'sensitive_pi', ${ctx.consentVersion}, true, ${ctx.at}::timestamptz,
            ${ctx.actorId}::uuid, 'import_attested'
          FROM m
        )
        SELECT id_number_bidx FROM m`.execute(db);
      await sql`TRUNCATE member_import_stage`.execute(db);
      return new Set(r.rows.map((x) => x.id_number_bidx));
    },
  };
}

const STAGE_COPY =
  'COPY member_import_stage (id, member_no, name, name_initials, name_pinyin, grams, gender, birth_date, ' +
  'id_type, id_number_enc, id_number_bidx, phone_enc, phone_bidx, email, address_enc, employer, department, ' +
  'job_title, education, join_date) FROM STDIN';

/** COPYs a batch of new members into the stage (the client of the load transaction). */
export async function stageMembers(client: pg.PoolClient, rows: ImportedMember[]): Promise<number> {
  let text = '';
  for (const r of rows)
    text += copyLine([
      r.id,
      r.member_no,
      r.name,
      r.name_initials,
      r.name_pinyin,
      gramsText(r.name_grams),
      r.gender,
      r.birth_date,
      r.id_type,
      r.id_number_enc,
      r.id_number_bidx,
      r.phone_enc,
      r.phone_bidx,
      r.email,
      r.address_enc,
      r.employer,
      r.department,
      r.job_title,
      r.education,
      r.join_date,
    ]);
  return copyFrom(client, STAGE_COPY, Buffer.from(text));
}
