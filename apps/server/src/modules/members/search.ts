/** Turns the search box text into an exact blind-index lookup or a name / pinyin search. */
import type { FieldCipher } from '../../kernel/crypto/field.js';
import { ID_TYPES, classifySearchTerm, normaliseIdNumber, normalisePhone } from './identity-docs.js';
import type { Search } from './member-list.repo.js';
import { idNumberBidx, phoneBidx } from './members.pii.js';
import { isPinyinQuery, queryGrams, searchChars } from './name-index.js';

export function resolveSearch(cipher: FieldCipher, raw: string | undefined): Search | undefined {
  const q = raw?.trim();
  if (!q) return undefined;
  const kind = classifySearchTerm(q);
  if (kind === 'phone') return { kind, bidx: phoneBidx(cipher, normalisePhone(q.replace(/[\s-]/g, ''))!) };
  if (kind === 'id_number') {
    const n = normaliseIdNumber(q);
    return { kind, bidxs: ID_TYPES.map((t) => idNumberBidx(cipher, t, n)) };
  }
  const chars = searchChars(q);
  const like = `%${chars.join('').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return { kind: 'text', grams: queryGrams(q), like, pinyin: isPinyinQuery(q) ? q.toLowerCase() : null };
}
