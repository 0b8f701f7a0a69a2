/**
 * Bulk SQL of the import job: one statement per batch inserts the members from column arrays
 * (`unnest`, a handful of parameters instead of thousands), their `imported` history events and their
 * attested `sensitive_pi` consents.
 */
import { sql } from 'kysely';
import type { Database } from '../../../kernel/db/pool.js';
import { LIVE_STATUSES } from '../lifecycle.js';

/** Separator of the name grams inside one array element (grams never contain control characters). */
const GRAM_SEP = '\u001f';

/** A gram holding the separator (a control character in a name) is left out: search never asks for it. */
const gramsText = (grams: string[]) => grams.filter((g) => !g.includes(GRAM_SEP)).join(GRAM_SEP);

export type ImportedMember = {
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

    /** Inserts active members of one union/org node with their history event and consent. */
    insertMembers: async (
      rows: ImportedMember[],
      ctx: {
        unionId: string;
        orgId: string;
        importId: string;
        actorId: string | null;
        consentVersion: string;
        at: Date;
      },
    ) => {
      if (rows.length === 0) return;
      const col = <K extends keyof ImportedMember>(k: K) => rows.map((r) => r[k]);
      await sql`
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
          FROM unnest(${col('id')}::uuid[], ${col('member_no')}::text[], ${col('name')}::text[],
            ${col('name_initials')}::text[], ${col('name_pinyin')}::text[],
            ${rows.map((r) => gramsText(r.name_grams))}::text[], ${col('gender')}::text[],
            ${col('birth_date')}::date[], ${col('id_type')}::text[], ${col('id_number_enc')}::bytea[],
            ${col('id_number_bidx')}::text[], ${col('phone_enc')}::bytea[], ${col('phone_bidx')}::text[],
            ${col('email')}::text[], ${col('address_enc')}::bytea[], ${col('employer')}::text[],
            ${col('department')}::text[], ${col('job_title')}::text[], ${col('education')}::text[],
            ${col('join_date')}::date[])
            AS u(id, member_no, name, name_initials, name_pinyin, grams, gender, birth_date, id_type,
              id_number_enc, id_number_bidx, phone_enc, phone_bidx, email, address_enc, employer,
              department, job_title, education, join_date)
          RETURNING id
        ), e AS (
          INSERT INTO member_events (member_id, at, actor_id, action, from_status, to_status, union_id,
            org_id, details)
          SELECT m.id, ${ctx.at}::timestamptz, ${ctx.actorId}::uuid, 'imported', NULL, 'active',
            ${ctx.unionId}::uuid, ${ctx.orgId}::uuid, ${JSON.stringify({ importId: ctx.importId })}::jsonb
          FROM m
        )
        INSERT INTO member_consents (member_id, purpose, version, granted, at, actor_id, source)
        SELECT m.id, 'sensitive_pi', ${ctx.consentVersion}, true, ${ctx.at}::timestamptz,
          ${ctx.actorId}::uuid, 'import_attested'
        FROM m`.execute(db);
    },
  };
}
