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
import { searchCasesInScope } from '../cases/index.js';
import { searchMembersInScope } from '../members/index.js';
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

/**
 * What the index stores for a document: the body segmented for snippets, and the title and body in
 * search mode as space-separated terms (they become the `simple` tsvector).
 */
export function searchFields(title: string, body: string): { segmented: string; terms: string } {
  const j = segmenter();
  return {
    segmented: j.cut(body, true).join(' '),
    terms: words(j.cutForSearch(`${title}\n${body}`, true)),
  };
}

/** Indexes (or re-indexes) one document. Call inside the transaction that writes the source row. */
export async function indexDocument(
  db: Database,
  doc: {
    kind: 'announcement' | 'forum_post';
    refId: string;
    title: string;
    body: string;
    at: Date;
    /** Board and thread of a forum post (a search narrows to the caller's boards first). */
    boardId?: string;
    threadId?: string;
  },
): Promise<void> {
  await searchRepo(db).upsert({
    kind: doc.kind,
    ref_id: doc.refId,
    board_id: doc.boardId ?? null,
    thread_id: doc.threadId ?? null,
    title: doc.title,
    body: doc.body,
    ...searchFields(doc.title, doc.body),
    at: doc.at,
  });
}

/** Re-reads board and hidden state of a thread's posts into the index (after hide, unhide, move). */
export async function syncThreadIndex(db: Database, threadId: string): Promise<void> {
  await searchRepo(db).syncThread(threadId);
}

/**
 * Undoes the spaces the segmenter put between words, so a snippet reads like the original text: a
 * run of spaces stays (as one) only between two Latin letters or digits (the « » marks are looked
 * through), as in "hello «world»"; next to Chinese text or punctuation it goes.
 */
export function unsegment(s: string): string {
  const word = /[A-Za-z0-9]/;
  const near = (i: number, step: 1 | -1) => {
    while (s[i] === '«' || s[i] === '»') i += step;
    return s[i] ?? '';
  };
  return s.replace(/ +/g, (m, at: number) =>
    word.test(near(at - 1, -1)) && word.test(near(at + m.length, 1)) ? ' ' : '',
  );
}

export type SearchItem = {
  kind: 'announcement' | 'forum_post' | 'member' | 'case';
  id: string;
  title: string;
  snippet: string;
  threadId?: string;
  orgName?: string;
  status?: string;
  ref?: string;
};

const OFFICER_HITS = 10;

/** A word in at least this share of indexed documents is checked per row, not looked up in the index. */
const COMMON_WORD = 0.2;
const STATS_TTL_MS = 10 * 60_000;
let stats: { at: number; freq: Map<string, number> } | undefined;

/** Word frequencies of the index (planner statistics), re-read every 10 minutes. */
async function wordFrequencies(db: Database): Promise<Map<string, number>> {
  if (!stats || Date.now() - stats.at > STATS_TTL_MS)
    stats = { at: Date.now(), freq: await searchRepo(db).lexemeFrequencies() };
  return stats.freq;
}

/**
 * The words of a query the index should look up: all of them, except words found in at least
 * COMMON_WORD of the documents when rarer words remain (职工 in 职工 代表大会: the rarer word narrows
 * the candidates just as well, and every candidate is still checked for all words).
 */
export function indexWords(words: string, freq: Map<string, number>): string {
  const all = [...new Set(words.split(' ').filter(Boolean))];
  const rare = all.filter((w) => (freq.get(w) ?? 0) < COMMON_WORD);
  return rare.length > 0 && rare.length < all.length ? rare.join(' ') : words;
}

/**
 * Announcements and forum posts for everyone; for officers (MFA passed in this session) also members
 * in their members.read scope and cases in their cases.read scope. Every access rule is part of the
 * SQL of its query, so nothing is filtered after the fact.
 * @throws AppError validation_failed for an empty query.
 */
export async function search(deps: Deps, actor: Actor, query: string) {
  const raw = query.trim();
  const w = words(segmenter().cut(raw, true));
  if (!w) throw new AppError('validation_failed', { field: 'q' });
  const officer = actor.isOfficer && actor.mfaPassed;
  const repo = searchRepo(deps.db);
  const opts = { words: w, raw, limit: 30, indexWords: indexWords(w, await wordFrequencies(deps.db)) };
  const [posts, announcements, members, cases] = await Promise.all([
    // words first; thread titles by trigrams (names, typos) only when the words find few posts
    repo
      .searchPosts(actor.userId, officer, opts)
      .then(async (hits) =>
        hits.length >= opts.limit
          ? hits
          : [
              ...hits,
              ...(await repo.searchPostTitles(actor.userId, officer, opts)).filter(
                (t) => !hits.some((h) => h.ref_id === t.ref_id),
              ),
            ],
      ),
    repo.searchAnnouncements(actor.userId, deps.clock.now(), opts),
    officer ? searchMembersInScope(deps.db, actor.userId, raw, OFFICER_HITS) : [],
    officer ? searchCasesInScope(deps.db, actor.userId, raw, OFFICER_HITS) : [],
  ]);
  const rows = [...posts, ...announcements].sort((x, y) => y.score - x.score).slice(0, opts.limit);
  const items: SearchItem[] = rows.map((r) => ({
    kind: r.kind,
    id: r.ref_id,
    title: r.title,
    snippet: unsegment(r.snippet),
    ...(r.thread_id ? { threadId: r.thread_id } : {}),
  }));
  for (const m of members)
    items.push({
      kind: 'member',
      id: m.id,
      title: m.name,
      snippet: '',
      orgName: m.orgName,
      status: m.status,
      ref: m.memberNo,
    });
  for (const c of cases)
    items.push({
      kind: 'case',
      id: c.id,
      title: c.title,
      snippet: '',
      orgName: c.orgName,
      status: c.state,
      ref: c.ref,
    });
  return { items };
}
