/**
 * The voter's secret re-vote code (re-voting elections, docs/election-spec.md §2.4.1): 32 random
 * bytes made on this device, written in groups of four for writing down, kept in this browser
 * per account and election so the voter can replace the ballot later. The server never sees the
 * code until it is used, and then only with the voter's own fresh login.
 */

/** Where codes are kept: localStorage in the browser; any Storage-like object in tests. */
export type CodeStore = Pick<Storage, 'getItem' | 'setItem'>;

const storageKey = (userId: string, electionId: string) => `unionhall.revote.${userId}.${electionId}`;

/** "0123456789ab…" → "0123 4567 89ab …" (16 groups of four). */
export function formatRevoteCode(hex: string): string {
  return (hex.match(/.{1,4}/g) ?? []).join(' ');
}

/** Read what a voter typed or pasted: spaces, dashes and case do not matter. null if not a code. */
export function parseRevoteCode(input: string): string | null {
  const hex = input.replace(/[\s-]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

/** The code kept for this account and election, if any. */
export function loadRevoteCode(
  store: CodeStore | undefined,
  userId: string,
  electionId: string,
): string | null {
  try {
    return parseRevoteCode(store?.getItem(storageKey(userId, electionId)) ?? '');
  } catch {
    return null; // storage disabled (private mode): the voter relies on the written-down code
  }
}

/** Keep the newest code (the previous one is used up once a re-vote succeeds). */
export function saveRevoteCode(
  store: CodeStore | undefined,
  userId: string,
  electionId: string,
  hex: string,
) {
  try {
    store?.setItem(storageKey(userId, electionId), hex);
  } catch {
    // Storage full or disabled: the code is still shown for writing down.
  }
}

/** The browser's localStorage, or undefined where there is none. */
export const browserStore = (): CodeStore | undefined =>
  typeof localStorage === 'undefined' ? undefined : localStorage;
