/** Forums: boards, threads, replies, reports (members) and moderation (forum.moderate). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

export interface Board {
  id: string;
  orgId: string;
  orgName: string;
  name: string;
  description: string;
  visibility: 'subtree' | 'union' | string;
}
export interface ThreadSummary {
  id: string;
  title: string;
  locked: boolean;
  hidden: boolean;
  pinned: boolean;
  authorName: string | null;
  posts: number;
  lastPostAt: string;
}
export type ReactionKind = 'like' | 'thanks' | 'support' | 'question';
export interface Reaction {
  kind: ReactionKind;
  count: number;
  mine: boolean;
}
/** A quoted post of the same thread, wherever it sits (the excerpt is empty when hidden for the caller). */
export interface QuotedPost {
  id: string;
  no: number;
  authorName: string | null;
  hidden: boolean;
  excerpt: string;
}
export interface Post {
  id: string;
  /** Floor number in the thread (1 = opening post). */
  no: number;
  authorId: string | null;
  authorName: string | null;
  /** Plain text as stored by the server (rendered as text, never as HTML). */
  body: string;
  hidden: boolean;
  quoteId: string | null;
  quote: QuotedPost | null;
  createdAt: string;
  /** Always the four kinds, in a fixed order. */
  reactions: Reaction[];
  /** Accounts notified by an @name in the body. */
  mentions: Array<{ userId: string; name: string }>;
}
export interface Thread {
  id: string;
  boardId: string;
  title: string;
  locked: boolean;
  hidden: boolean;
  pinned: boolean;
  canModerate: boolean;
  boardName: string;
  boardOrgId: string;
  /** When the caller is banned on this board: until when. */
  bannedUntil: string | null;
  /** Posts in the thread; `posts` is the page `page` of `pages`. */
  totalPosts: number;
  pageSize: number;
  page: number;
  pages: number;
  prevCursor: string | null;
  nextCursor: string | null;
  posts: Post[];
}
export interface Report {
  id: string;
  postId: string;
  threadId: string;
  threadTitle: string;
  body: string;
  reason: string;
  createdAt: string;
}
export interface Ban {
  id: string;
  orgId: string;
  orgName: string;
  userId: string;
  userName: string;
  reason: string;
  until: string;
  createdAt: string;
  createdByName: string | null;
}
export type ThreadAction = 'lock' | 'unlock' | 'hide' | 'unhide' | 'pin' | 'unpin';

const key = ['forums'] as const;
const enc = encodeURIComponent;

export function useBoards() {
  return useQuery({
    queryKey: [...key, 'boards'],
    queryFn: () => api.get<{ items: Board[] }>('/forums/boards').then((r) => r.items),
  });
}
export const THREADS_PAGE_SIZE = 20;
export function useThreads(boardId: string | undefined, page = 1) {
  return useQuery({
    queryKey: [...key, 'threads', boardId, page],
    queryFn: () =>
      api.get<{ items: ThreadSummary[]; total: number; page: number; pageSize: number }>(
        `/forums/boards/${enc(boardId ?? '')}/threads?page=${page}&pageSize=${THREADS_PAGE_SIZE}`,
      ),
    enabled: !!boardId,
    staleTime: 0,
  });
}
export const POSTS_PAGE_SIZE = 20;
/** Which page of a thread: by number, or the page that holds a post (permalinks, quotes, search hits). */
export type ThreadPosition = { page: number } | { around: string };
export function useThread(id: string | undefined, at: ThreadPosition = { page: 1 }) {
  const position = 'around' in at ? `around=${enc(at.around)}` : `page=${at.page}`;
  return useQuery({
    queryKey: [...key, 'thread', id, position],
    queryFn: () =>
      api.get<Thread>(`/forums/threads/${enc(id ?? '')}?${position}&pageSize=${POSTS_PAGE_SIZE}`),
    enabled: !!id,
    staleTime: 0,
    // the page stays on screen while the next one loads
    placeholderData: (previous) => (previous?.id === id ? previous : undefined),
    // new replies and reactions show up while the thread is open
    refetchInterval: 30_000,
  });
}
export function useReports(enabled = true) {
  return useQuery({
    queryKey: [...key, 'reports'],
    queryFn: () => api.get<{ items: Report[] }>('/forums/reports').then((r) => r.items),
    enabled,
  });
}

/** A mutation that refreshes every forum query when it succeeds. */
function useForumMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: key }) });
}

export const useCreateThread = () =>
  useForumMutation((v: { boardId: string; title: string; body: string }) =>
    api.post<{ id: string }>(`/forums/boards/${enc(v.boardId)}/threads`, { title: v.title, body: v.body }),
  );
export const useReply = () =>
  useForumMutation((v: { threadId: string; body: string; quoteId?: string }) =>
    api.post<{ id: string }>(`/forums/threads/${enc(v.threadId)}/posts`, {
      body: v.body,
      ...(v.quoteId ? { quoteId: v.quoteId } : {}),
    }),
  );
export const useReportPost = () =>
  useForumMutation((v: { postId: string; reason: string }) =>
    api.post<{ ok: boolean }>(`/forums/posts/${enc(v.postId)}/report`, { reason: v.reason }),
  );
export const useModeratePost = () =>
  useForumMutation((v: { postId: string; action: 'hide' | 'unhide'; reason: string }) =>
    api.post<{ ok: boolean }>(`/forums/posts/${enc(v.postId)}/moderate`, {
      action: v.action,
      reason: v.reason,
    }),
  );
export const useModerateThread = () =>
  useForumMutation((v: { threadId: string; action: ThreadAction; reason: string }) =>
    api.post<{ ok: boolean }>(`/forums/threads/${enc(v.threadId)}/moderate`, {
      action: v.action,
      reason: v.reason,
    }),
  );
export const useCreateBoard = () =>
  useForumMutation(
    (v: { orgId: string; name: string; description?: string; visibility: 'subtree' | 'union' }) =>
      api.post<{ id: string }>('/forums/boards', v),
  );
export const useAddWords = () =>
  useForumMutation((v: { orgId: string; words: string[] }) =>
    api.post<{ ok: boolean }>('/forums/sensitive-words', v),
  );
export const useReact = () =>
  useForumMutation((v: { postId: string; kind: ReactionKind }) =>
    api.post<{ kind: ReactionKind; active: boolean; count: number }>(
      `/forums/posts/${enc(v.postId)}/reactions`,
      {
        kind: v.kind,
      },
    ),
  );
export const useMoveThread = () =>
  useForumMutation((v: { threadId: string; boardId: string; reason: string }) =>
    api.post<{ ok: boolean }>(`/forums/threads/${enc(v.threadId)}/move`, {
      boardId: v.boardId,
      reason: v.reason,
    }),
  );
export function useBans(enabled = true) {
  return useQuery({
    queryKey: [...key, 'bans'],
    queryFn: () => api.get<{ items: Ban[] }>('/forums/bans').then((r) => r.items),
    enabled,
  });
}
export const useBan = () =>
  useForumMutation((v: { orgId: string; userId: string; reason: string; until: string }) =>
    api.post<{ id: string }>('/forums/bans', v),
  );
export const useLiftBan = () =>
  useForumMutation((v: { id: string; reason: string }) =>
    api.post<{ ok: boolean }>(`/forums/bans/${enc(v.id)}/lift`, { reason: v.reason }),
  );
