import { type Kysely, sql } from 'kysely';

/**
 * Pre-aggregated case counts for dashboards and hotspots, kept exactly in step with `cases` by a row
 * trigger in the same transaction as every insert, update or delete (whatever code path makes it, the
 * SLA sweep's bulk escalation included). A case counts at its current org node and at every ancestor of
 * it (from `orgs.path`), so a caller's subtree is one node's rows, never a scan of the subtree:
 *   case_rollup_month  (node, type, month, state): counts, open, breached, first-response / resolution
 *                      sums (microseconds) and counts, ratings;
 *   case_rollup_origin (node, type or '*', month, originating unit): counts and open;
 *   case_rollup_fr     (node, type, month, 6-minute bucket of the first response): for the median;
 *   case_rollup_dim    (node, type, dimension, day, key): injury / labour-dispute reports per unit,
 *                      location, body part and department, for the early-warning list.
 * Statement-level triggers (transition tables) subtract the old rows' contributions and add the new
 * ones', grouped per key, so a bulk statement (the SLA sweep escalating 5,000 cases) makes one upsert
 * per rollup key; contributions that cancel out (an update of no aggregated column) write nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_rollup_month (
      node_id uuid NOT NULL,
      type_key text NOT NULL,
      month date NOT NULL,
      state text NOT NULL,
      n int NOT NULL,
      open_n int NOT NULL,
      breached_n int NOT NULL,
      fr_n int NOT NULL,
      fr_sum_us bigint NOT NULL,
      res_n int NOT NULL,
      res_sum_us bigint NOT NULL,
      rated_n int NOT NULL,
      sat_sum int NOT NULL,
      -- covering: a caller's figures are read by index-only scans
      PRIMARY KEY (node_id, month, type_key, state)
        INCLUDE (n, open_n, breached_n, fr_n, fr_sum_us, res_n, res_sum_us, rated_n, sat_sum)
    );
    CREATE TABLE case_rollup_origin (
      node_id uuid NOT NULL,
      type_key text NOT NULL,
      month date NOT NULL,
      origin_org_id uuid NOT NULL,
      n int NOT NULL,
      open_n int NOT NULL,
      PRIMARY KEY (node_id, type_key, month, origin_org_id) INCLUDE (n, open_n)
    );
    CREATE TABLE case_rollup_fr (
      node_id uuid NOT NULL,
      type_key text NOT NULL,
      month date NOT NULL,
      bucket int NOT NULL,
      n int NOT NULL,
      PRIMARY KEY (node_id, month, type_key, bucket) INCLUDE (n)
    );
    CREATE TABLE case_rollup_dim (
      node_id uuid NOT NULL,
      type_key text NOT NULL,
      dim text NOT NULL,
      day date NOT NULL,
      key text NOT NULL,
      n int NOT NULL,
      PRIMARY KEY (node_id, type_key, dim, day, key) INCLUDE (n)
    );

    -- one row per (case contribution, node): sign -1 for the old version of a row, +1 for the new one
    CREATE FUNCTION case_rollup_src(olds cases[], news cases[]) RETURNS TABLE (
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
        SELECT -1 AS sign, o.* FROM unnest(olds) o
        UNION ALL
        SELECT 1, n.* FROM unnest(news) n
      ) x
      JOIN orgs og ON og.id = x.org_id
      CROSS JOIN unnest(string_to_array(trim(both '/' FROM og.path), '/')::uuid[]) node
    $fn$;

    -- applies a statement's net change to the rollups: one upsert per table and key, whatever the
    -- number of rows (a per-row trigger rewrote the same hot rows thousands of times in bulk updates)
    CREATE FUNCTION case_rollup_apply(olds cases[], news cases[]) RETURNS void LANGUAGE plpgsql AS $fn$
    BEGIN
      INSERT INTO case_rollup_month AS r (node_id, type_key, month, state, n, open_n, breached_n, fr_n, fr_sum_us,
          res_n, res_sum_us, rated_n, sat_sum)
        SELECT node, type_key, m, state, sum(sign), sum(sign * is_open), sum(sign * breached), sum(sign * has_fr),
          sum(sign * fr_us), sum(sign * has_res), sum(sign * res_us), sum(sign * rated), sum(sign * sat)
        FROM case_rollup_src(olds, news)
        GROUP BY node, type_key, m, state
        HAVING sum(sign) <> 0 OR sum(sign * is_open) <> 0 OR sum(sign * breached) <> 0 OR sum(sign * has_fr) <> 0
          OR sum(sign * fr_us) <> 0 OR sum(sign * has_res) <> 0 OR sum(sign * res_us) <> 0
          OR sum(sign * rated) <> 0 OR sum(sign * sat) <> 0
      ON CONFLICT (node_id, month, type_key, state) DO UPDATE SET
        n = r.n + EXCLUDED.n, open_n = r.open_n + EXCLUDED.open_n, breached_n = r.breached_n + EXCLUDED.breached_n,
        fr_n = r.fr_n + EXCLUDED.fr_n, fr_sum_us = r.fr_sum_us + EXCLUDED.fr_sum_us,
        res_n = r.res_n + EXCLUDED.res_n, res_sum_us = r.res_sum_us + EXCLUDED.res_sum_us,
        rated_n = r.rated_n + EXCLUDED.rated_n, sat_sum = r.sat_sum + EXCLUDED.sat_sum;

      INSERT INTO case_rollup_origin AS r (node_id, type_key, month, origin_org_id, n, open_n)
        SELECT node, t, m, origin_org_id, sum(sign), sum(sign * is_open)
        FROM case_rollup_src(olds, news) s CROSS JOIN unnest(ARRAY[s.type_key, '*']) t
        GROUP BY node, t, m, origin_org_id
        HAVING sum(sign) <> 0 OR sum(sign * is_open) <> 0
      ON CONFLICT (node_id, type_key, month, origin_org_id) DO UPDATE SET
        n = r.n + EXCLUDED.n, open_n = r.open_n + EXCLUDED.open_n;

      INSERT INTO case_rollup_fr AS r (node_id, type_key, month, bucket, n)
        SELECT node, type_key, m, fr_bucket, sum(sign)
        FROM case_rollup_src(olds, news) WHERE has_fr = 1
        GROUP BY node, type_key, m, fr_bucket
        HAVING sum(sign) <> 0
      ON CONFLICT (node_id, month, type_key, bucket) DO UPDATE SET n = r.n + EXCLUDED.n;

      INSERT INTO case_rollup_dim AS r (node_id, type_key, dim, day, key, n)
        SELECT node, s.type_key, k.dim, d, k.key, sum(sign)
        FROM case_rollup_src(olds, news) s
        CROSS JOIN LATERAL (VALUES ('unit', s.origin_org_id::text), ('location', s.location),
                                   ('body_part', s.body_part), ('department', s.department)) k(dim, key)
        WHERE s.type_key IN ('injury', 'labour_dispute') AND k.key IS NOT NULL
        GROUP BY node, s.type_key, k.dim, d, k.key
        HAVING sum(sign) <> 0
      ON CONFLICT (node_id, type_key, dim, day, key) DO UPDATE SET n = r.n + EXCLUDED.n;
    END
    $fn$;

    CREATE FUNCTION case_rollup_on_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      PERFORM case_rollup_apply('{}'::cases[], (SELECT array_agg(n::cases) FROM new_rows n));
      RETURN NULL;
    END
    $fn$;
    CREATE FUNCTION case_rollup_on_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      PERFORM case_rollup_apply((SELECT array_agg(o::cases) FROM old_rows o), (SELECT array_agg(n::cases) FROM new_rows n));
      RETURN NULL;
    END
    $fn$;
    CREATE FUNCTION case_rollup_on_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      PERFORM case_rollup_apply((SELECT array_agg(o::cases) FROM old_rows o), '{}'::cases[]);
      RETURN NULL;
    END
    $fn$;

    CREATE TRIGGER cases_rollup_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION case_rollup_on_insert();
    CREATE TRIGGER cases_rollup_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION case_rollup_on_update();
    CREATE TRIGGER cases_rollup_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION case_rollup_on_delete();
  `.execute(db);

  // backfill from the cases already stored (set-based; the trigger covers every later change)
  await sql`
    CREATE TEMP TABLE case_rollup_src AS
      SELECT node, c.*, date_trunc('month', c.created_at AT TIME ZONE 'UTC')::date AS m,
        (c.created_at AT TIME ZONE 'UTC')::date AS d
      FROM cases c JOIN orgs o ON o.id = c.org_id
      CROSS JOIN unnest(string_to_array(trim(both '/' FROM o.path), '/')::uuid[]) node;

    INSERT INTO case_rollup_month
      SELECT node, type_key, m, state, count(*), count(*) FILTER (WHERE closed_at IS NULL),
        count(*) FILTER (WHERE fr_breached_at IS NOT NULL OR res_breached_at IS NOT NULL),
        count(first_response_at),
        coalesce(sum((extract(epoch FROM first_response_at - created_at) * 1000000)::bigint), 0),
        count(resolved_at),
        coalesce(sum((extract(epoch FROM resolved_at - created_at) * 1000000)::bigint), 0),
        count(satisfaction), coalesce(sum(satisfaction), 0)
      FROM case_rollup_src GROUP BY node, type_key, m, state;

    INSERT INTO case_rollup_origin
      SELECT node, t, m, origin_org_id, count(*), count(*) FILTER (WHERE closed_at IS NULL)
      FROM case_rollup_src CROSS JOIN unnest(ARRAY[type_key, '*']) t
      GROUP BY node, t, m, origin_org_id;

    INSERT INTO case_rollup_fr
      SELECT node, type_key, m, floor(extract(epoch FROM first_response_at - created_at) / 360)::int b, count(*)
      FROM case_rollup_src WHERE first_response_at IS NOT NULL
      GROUP BY node, type_key, m, b;

    INSERT INTO case_rollup_dim
      SELECT node, type_key, k.dim, d, k.key, count(*)
      FROM case_rollup_src
      CROSS JOIN LATERAL (VALUES ('unit', origin_org_id::text), ('location', location),
                                 ('body_part', body_part), ('department', department)) k(dim, key)
      WHERE type_key IN ('injury', 'labour_dispute') AND k.key IS NOT NULL
      GROUP BY node, type_key, k.dim, d, k.key;

    DROP TABLE case_rollup_src;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
