import { type Kysely, sql } from 'kysely';

/**
 * Case rollups (0014) that stay exact when an org node moves, and that lock in a fixed order.
 *
 * - The rollup functions take each case version together with the org path it counts under (the
 *   case triggers pass the current `orgs.path`), so a move can subtract a case's contribution under
 *   the old path and add it under the new one.
 * - A statement-level trigger on `orgs` (whatever code path rewrites `path`) re-keys, in the same
 *   transaction, the rollups of every case whose current org's path changed: the nodes both paths
 *   share cancel out, the old ancestors lose the moved cases and the new ones gain them. It first locks
 *   those cases, so a case write in flight finishes before it reads them and a later one waits for the
 *   move (and then counts under the new paths). It also rewrites those cases' `org_chain`
 *   (the escalation ladder): the new path of the current org plus the part of the chain below it.
 * - Every upsert reads its deltas ordered by the rollup key, so two transactions lock the rollup rows
 *   they share in the same order (a hash-ordered upsert could lock them in opposite orders: deadlock).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- one row per (case contribution, node): sign -1 for an old version, +1 for a new one; each case
    -- version counts at every node of the path given with it
    CREATE FUNCTION case_rollup_src(olds cases[], old_paths text[], news cases[], new_paths text[])
    RETURNS TABLE (
      sign int, node uuid, type_key text, state text, m date, d date, is_open int, breached int,
      has_fr int, fr_us bigint, fr_bucket int, has_res int, res_us bigint, rated int, sat int,
      origin_org_id uuid, location text, body_part text, department text
    ) LANGUAGE sql STABLE AS $fn$
      SELECT x.sign, node, x.type_key, x.state,
        date_trunc('month', x.created_at AT TIME ZONE 'UTC')::date,
        (x.created_at AT TIME ZONE 'UTC')::date,
        CASE WHEN x.closed_at IS NULL THEN 1 ELSE 0 END,
        CASE WHEN x.fr_breached_at IS NOT NULL OR x.res_breached_at IS NOT NULL THEN 1 ELSE 0 END,
        CASE WHEN x.first_response_at IS NOT NULL THEN 1 ELSE 0 END,
        coalesce((extract(epoch FROM x.first_response_at - x.created_at) * 1000000)::bigint, 0),
        floor(extract(epoch FROM x.first_response_at - x.created_at) / 360)::int,
        CASE WHEN x.resolved_at IS NOT NULL THEN 1 ELSE 0 END,
        coalesce((extract(epoch FROM x.resolved_at - x.created_at) * 1000000)::bigint, 0),
        CASE WHEN x.satisfaction IS NOT NULL THEN 1 ELSE 0 END,
        coalesce(x.satisfaction, 0)::int,
        x.origin_org_id, x.location, x.body_part, x.department
      FROM (
        SELECT -1 AS sign, old_paths[o.ordinality] AS rollup_path, o.* FROM unnest(olds) WITH ORDINALITY o
        UNION ALL
        SELECT 1, new_paths[n.ordinality], n.* FROM unnest(news) WITH ORDINALITY n
      ) x
      CROSS JOIN unnest(string_to_array(trim(both '/' FROM x.rollup_path), '/')::uuid[]) node
    $fn$;
    -- applies a statement's net change: one upsert per table and key, each reading its deltas ordered
    -- by the table's primary key (a fixed lock order for the rows two transactions share)
    CREATE FUNCTION case_rollup_apply(olds cases[], old_paths text[], news cases[], new_paths text[])
    RETURNS void LANGUAGE plpgsql AS $fn$
    BEGIN
      INSERT INTO case_rollup_month AS r (node_id, type_key, month, state, n, open_n, breached_n, fr_n, fr_sum_us,
          res_n, res_sum_us, rated_n, sat_sum)
        SELECT node, type_key, m, state, sum(sign), sum(sign * is_open), sum(sign * breached), sum(sign * has_fr),
          sum(sign * fr_us), sum(sign * has_res), sum(sign * res_us), sum(sign * rated), sum(sign * sat)
        FROM case_rollup_src(olds, old_paths, news, new_paths)
        GROUP BY node, type_key, m, state
        HAVING sum(sign) <> 0 OR sum(sign * is_open) <> 0 OR sum(sign * breached) <> 0 OR sum(sign * has_fr) <> 0
          OR sum(sign * fr_us) <> 0 OR sum(sign * has_res) <> 0 OR sum(sign * res_us) <> 0
          OR sum(sign * rated) <> 0 OR sum(sign * sat) <> 0
        ORDER BY node, m, type_key, state
      ON CONFLICT (node_id, month, type_key, state) DO UPDATE SET
        n = r.n + EXCLUDED.n, open_n = r.open_n + EXCLUDED.open_n, breached_n = r.breached_n + EXCLUDED.breached_n,
        fr_n = r.fr_n + EXCLUDED.fr_n, fr_sum_us = r.fr_sum_us + EXCLUDED.fr_sum_us,
        res_n = r.res_n + EXCLUDED.res_n, res_sum_us = r.res_sum_us + EXCLUDED.res_sum_us,
        rated_n = r.rated_n + EXCLUDED.rated_n, sat_sum = r.sat_sum + EXCLUDED.sat_sum;

      INSERT INTO case_rollup_origin AS r (node_id, type_key, month, origin_org_id, n, open_n)
        SELECT node, t, m, origin_org_id, sum(sign), sum(sign * is_open)
        FROM case_rollup_src(olds, old_paths, news, new_paths) s CROSS JOIN unnest(ARRAY[s.type_key, '*']) t
        GROUP BY node, t, m, origin_org_id
        HAVING sum(sign) <> 0 OR sum(sign * is_open) <> 0
        ORDER BY node, t, m, origin_org_id
      ON CONFLICT (node_id, type_key, month, origin_org_id) DO UPDATE SET
        n = r.n + EXCLUDED.n, open_n = r.open_n + EXCLUDED.open_n;

      INSERT INTO case_rollup_fr AS r (node_id, type_key, month, bucket, n)
        SELECT node, type_key, m, fr_bucket, sum(sign)
        FROM case_rollup_src(olds, old_paths, news, new_paths) WHERE has_fr = 1
        GROUP BY node, type_key, m, fr_bucket
        HAVING sum(sign) <> 0
        ORDER BY node, m, type_key, fr_bucket
      ON CONFLICT (node_id, month, type_key, bucket) DO UPDATE SET n = r.n + EXCLUDED.n;

      INSERT INTO case_rollup_dim AS r (node_id, type_key, dim, day, key, n)
        SELECT node, s.type_key, k.dim, d, k.key, sum(sign)
        FROM case_rollup_src(olds, old_paths, news, new_paths) s
        CROSS JOIN LATERAL (VALUES ('unit', s.origin_org_id::text), ('location', s.location),
                                   ('body_part', s.body_part), ('department', s.department)) k(dim, key)
        WHERE s.type_key IN ('injury', 'labour_dispute') AND k.key IS NOT NULL
        GROUP BY node, s.type_key, k.dim, d, k.key
        HAVING sum(sign) <> 0
        ORDER BY node, s.type_key, k.dim, d, k.key
      ON CONFLICT (node_id, type_key, dim, day, key) DO UPDATE SET n = r.n + EXCLUDED.n;
    END
    $fn$;

    CREATE OR REPLACE FUNCTION case_rollup_on_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
    DECLARE news cases[]; new_paths text[];
    BEGIN
      SELECT array_agg(n::cases), array_agg(og.path) INTO news, new_paths
        FROM new_rows n JOIN orgs og ON og.id = n.org_id;
      PERFORM case_rollup_apply('{}'::cases[], '{}'::text[], news, new_paths);
      -- a case filed while its org moved (the filing read the old path, then its foreign key waited for
      -- the move): its escalation ladder is its org's path now
      UPDATE cases c SET org_chain = string_to_array(trim(both '/' FROM og.path), '/')::uuid[]
        FROM new_rows n JOIN orgs og ON og.id = n.org_id
        WHERE c.id = n.id AND n.escalation_level = 0
          AND n.org_chain <> string_to_array(trim(both '/' FROM og.path), '/')::uuid[];
      RETURN NULL;
    END
    $fn$;
    CREATE OR REPLACE FUNCTION case_rollup_on_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
    DECLARE olds cases[]; old_paths text[]; news cases[]; new_paths text[];
    BEGIN
      -- the ladder rewrite of an org move changes no aggregated column: nothing to count
      IF current_setting('unionhall.case_rollup_skip', true) = 'on' THEN
        RETURN NULL;
      END IF;
      SELECT array_agg(o::cases), array_agg(og.path) INTO olds, old_paths
        FROM old_rows o JOIN orgs og ON og.id = o.org_id;
      SELECT array_agg(n::cases), array_agg(og.path) INTO news, new_paths
        FROM new_rows n JOIN orgs og ON og.id = n.org_id;
      PERFORM case_rollup_apply(olds, old_paths, news, new_paths);
      RETURN NULL;
    END
    $fn$;
    CREATE OR REPLACE FUNCTION case_rollup_on_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
    DECLARE olds cases[]; old_paths text[];
    BEGIN
      SELECT array_agg(o::cases), array_agg(og.path) INTO olds, old_paths
        FROM old_rows o JOIN orgs og ON og.id = o.org_id;
      PERFORM case_rollup_apply(olds, old_paths, '{}'::cases[], '{}'::text[]);
      RETURN NULL;
    END
    $fn$;
    DROP FUNCTION case_rollup_apply(cases[], cases[]);
    DROP FUNCTION case_rollup_src(cases[], cases[]);

    -- an org path rewrite (a subtree move) re-keys the rollups of the cases on the moved nodes
    CREATE FUNCTION case_rollup_on_org_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
    DECLARE moved cases[]; old_paths text[]; new_paths text[];
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE n.path <> o.path) THEN
        RETURN NULL;
      END IF;
      -- lock the moved cases (key order): a writer in flight commits first and its new version is
      -- re-keyed below; a later one waits for the move and counts under the new paths. New cases need
      -- no lock: the path rewrite is a key update of those org rows, which cases' foreign keys wait for.
      PERFORM 1 FROM cases c
        WHERE c.org_id IN (SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id AND n.path <> o.path)
        ORDER BY c.id FOR NO KEY UPDATE;
      -- without the encrypted payloads (the rollups do not read them; a union's cases can be many)
      SELECT array_agg(jsonb_populate_record(c, '{"details_enc": null, "identity_enc": null}')),
          array_agg(o.path), array_agg(n.path)
        INTO moved, old_paths, new_paths
        FROM old_rows o JOIN new_rows n ON n.id = o.id AND n.path <> o.path
        JOIN cases c ON c.org_id = n.id;
      IF moved IS NULL THEN
        RETURN NULL;
      END IF;
      PERFORM case_rollup_apply(moved, old_paths, moved, new_paths);
      -- the escalation ladder: the current org's new path, then the part of the chain below it (an
      -- update of no aggregated column: the rollup trigger is told to skip it)
      PERFORM set_config('unionhall.case_rollup_skip', 'on', true);
      UPDATE cases c
        SET org_chain = string_to_array(trim(both '/' FROM n.path), '/')::uuid[]
          || c.org_chain[cardinality(c.org_chain) - c.escalation_level + 1:]
        FROM old_rows o JOIN new_rows n ON n.id = o.id AND n.path <> o.path
        WHERE c.org_id = n.id;
      PERFORM set_config('unionhall.case_rollup_skip', 'off', true);
      RETURN NULL;
    END
    $fn$;
    CREATE TRIGGER orgs_case_rollup_move AFTER UPDATE ON orgs
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION case_rollup_on_org_update();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
