/**
 * Chinese search over announcements and forum posts: jieba segments the text (search mode for the
 * index, so both 代表 and 代表大会 are terms), PostgreSQL full text matches the words, pg_trgm catches
 * names and typos in titles, and access is part of the query (search.repo.ts).
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { Actor } from '../../kernel/auth/actor.js';
import type { Database } from '../../kernel/db/pool.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { searchRepo } from './search.repo.js';

let jieba: Jieba | undefined;
const segmenter = () => {
  jieba ??= Jieba.withDict(dict);
  return jieba;
};

const words = (tokens: string[]) =>
  tokens
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t && /[\p{L}\p{N}]/u.test(t))
    .join(' ');

/** Indexes (or re-indexes) one document. Call inside the transaction that writes the source row. */
export async function indexDocument(
  db: Database,
  doc: { kind: 'announcement' | 'forum_post'; refId: string; title: string; body: string; at: Date },
): Promise<void> {
  const text = `${doc.title}\n${doc.body}`;
  const j = segmenter();
  await searchRepo(db).upsert({
    kind: doc.kind,
    ref_id: doc.refId,
    title: doc.title,
    body: doc.body,
    segmented: j.cut(doc.body, true).join(' '),
    terms: words(j.cutForSearch(text, true)),
    at: doc.at,
  });
}

/** Joins CJK characters the segmenter separated, so a snippet reads like the original text. */
function unsegment(s: string): string {
  return s.replace(/(?<=[\u3000-\u9fff\uff00-\uffef«»]) (?=[\u3000-\u9fff\uff00-\uffef«»])/g, '');
}

/** @throws AppError validation_failed for an empty query. */
export async function search(deps: Deps, actor: Actor, query: string) {
  const raw = query.trim();
  const w = words(segmenter().cut(raw, true));
  if (!w) throw new AppError('validation_failed', { field: 'q' });
  const rows = await searchRepo(deps.db).search(actor.userId, deps.clock.now(), { words: w, raw, limit: 30 });
  return {
    items: rows.map((r) => ({
      kind: r.kind,
      id: r.ref_id,
      title: r.title,
      snippet: unsegment(r.snippet),
    })),
  };
}
