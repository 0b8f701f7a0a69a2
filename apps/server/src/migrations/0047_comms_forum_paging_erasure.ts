import { type Kysely, sql } from 'kysely';

/**
 * Forum paging and erasure reaching the search index.
 *
 * Paging: every post gets its floor number in the thread (`post_no`, 1, 2, 3 … in posting order, no
 * gaps: posts are hidden, never deleted one by one) and every thread its post count. A page of a
 * thread is then one range scan on (thread_id, post_no), and the page of a quoted or linked post is
 * its number divided by the page size. Replies take the next number by incrementing the thread's
 * count (the row lock orders concurrent replies).
 *
 * Erasure (PIPL art. 47): `members.erased_at` is the mark the deletion flow sets. From then on the
 * row keeps no search key derived from the name (grams, pinyin, initials: blanked by a trigger, so no
 * code path can forget them), officer search skips it, and the forum posts the member wrote, or that
 * mentioned their account, leave the search index in the same transaction, so no snippet carries
 * the name. A post deleted or rewritten outside the forum service leaves the index too (the service
 * re-indexes after its own writes in the same transaction).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE forum_threads ADD COLUMN post_count integer NOT NULL DEFAULT 0;
    ALTER TABLE forum_posts ADD COLUMN post_no integer;
    UPDATE forum_posts p SET post_no = n.no
      FROM (SELECT id, row_number() OVER (PARTITION BY thread_id ORDER BY created_at, id) AS no
              FROM forum_posts) n
      WHERE n.id = p.id;
    UPDATE forum_threads t SET post_count = c.n
      FROM (SELECT thread_id, count(*) AS n FROM forum_posts GROUP BY thread_id) c
      WHERE c.thread_id = t.id;
    ALTER TABLE forum_posts ALTER COLUMN post_no SET NOT NULL,
      ADD CONSTRAINT forum_posts_post_no_check CHECK (post_no > 0);
    CREATE UNIQUE INDEX forum_posts_thread_no_idx ON forum_posts (thread_id, post_no);

    ALTER TABLE members ADD COLUMN erased_at timestamptz;

    CREATE FUNCTION members_erased_keys() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.name_grams := '{}';
      NEW.name_initials := '';
      NEW.name_pinyin := '';
      RETURN NEW;
    END $$;
    CREATE TRIGGER members_erased_keys BEFORE INSERT OR UPDATE ON members
      FOR EACH ROW WHEN (NEW.erased_at IS NOT NULL) EXECUTE FUNCTION members_erased_keys();

    CREATE FUNCTION members_erased_search() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE account uuid := COALESCE(OLD.user_id, NEW.user_id);
    BEGIN
      IF account IS NOT NULL THEN
        DELETE FROM search_docs d
          WHERE d.kind = 'forum_post'
            AND d.ref_id IN (SELECT p.id FROM forum_posts p WHERE p.author_id = account
                             UNION SELECT m.post_id FROM forum_mentions m WHERE m.user_id = account);
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER members_erased_search AFTER UPDATE OF erased_at ON members
      FOR EACH ROW WHEN (OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL)
      EXECUTE FUNCTION members_erased_search();

    CREATE FUNCTION forum_posts_unindex() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM search_docs WHERE kind = 'forum_post' AND ref_id = OLD.id;
      RETURN NULL;
    END $$;
    CREATE TRIGGER forum_posts_unindex_delete AFTER DELETE ON forum_posts
      FOR EACH ROW EXECUTE FUNCTION forum_posts_unindex();
    CREATE TRIGGER forum_posts_unindex_rewrite AFTER UPDATE OF body ON forum_posts
      FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body) EXECUTE FUNCTION forum_posts_unindex();
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
