/**
 * The WebSocket endpoint (/api/ws): one socket per browser tab carries chat events and in-app
 * notifications. Upgrades are authenticated from the session cookie by the auth hook (401 otherwise);
 * the Origin must be our own; frames are capped at MAX_FRAME_BYTES; each user may hold
 * MAX_SOCKETS_PER_USER sockets on a process; inbound messages pass a token bucket.
 *
 * Exactly-once, in-order delivery per room: every socket remembers the last seq it sent per room.
 * A bus event with seq <= last is dropped (duplicate), seq = last + 1 is sent, and a gap is filled
 * from the database first. After `ready` the client sends `resume` with its last seen seq per room
 * (`{}` on a first connect): it gets what it missed, then live events, without loss or duplicates.
 */
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Actor } from '../../kernel/auth/actor.js';
import { actorOf } from '../../kernel/auth/auth-hook.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { chatRepo } from './chat.repo.js';
import { type ChatMessage, markRoomRead, roomHistory, sendMessage } from './chat.service.js';
import { unreadCount } from './notifications.service.js';

export const MAX_FRAME_BYTES = 16 * 1024;
export const MAX_SOCKETS_PER_USER = 5;
/** Token bucket: sustained messages per second and burst. */
const RATE_PER_SEC = 5;
const BURST = 20;
/** Closing after this many refused messages in a row: the client ignores the errors. */
const MAX_REFUSALS = 50;
const RESUME_LIMIT = 500;

const socketsByUser = new Map<string, Set<WebSocket>>();

type Inbound =
  | { type: 'send'; roomId: string; body: string; clientId?: string }
  | { type: 'typing'; roomId: string }
  | { type: 'read'; roomId: string; seq: number }
  | { type: 'resume'; rooms: Record<string, number> }
  | { type: 'ping' };

function parseInbound(raw: string): Inbound | null {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const uuid = (x: unknown) => typeof x === 'string' && /^[0-9a-f-]{36}$/i.test(x);
  switch (o.type) {
    case 'send':
      if (!uuid(o.roomId) || typeof o.body !== 'string') return null;
      if (o.clientId !== undefined && !(typeof o.clientId === 'string' && /^[\w-]{1,64}$/.test(o.clientId)))
        return null;
      return {
        type: 'send',
        roomId: o.roomId as string,
        body: o.body,
        ...(o.clientId ? { clientId: o.clientId as string } : {}),
      };
    case 'typing':
      return uuid(o.roomId) ? { type: 'typing', roomId: o.roomId as string } : null;
    case 'read':
      return uuid(o.roomId) && Number.isSafeInteger(o.seq)
        ? { type: 'read', roomId: o.roomId as string, seq: o.seq as number }
        : null;
    case 'resume': {
      if (!o.rooms || typeof o.rooms !== 'object') return null;
      const rooms: Record<string, number> = {};
      for (const [k, s] of Object.entries(o.rooms as Record<string, unknown>))
        if (uuid(k) && Number.isSafeInteger(s) && (s as number) >= 0) rooms[k] = s as number;
      return { type: 'resume', rooms };
    }
    case 'ping':
      return { type: 'ping' };
    default:
      return null;
  }
}

function originAllowed(deps: Deps, req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  return origin === deps.config.publicOrigin || origin === `http://${req.headers.host}`;
}

export async function realtimeRoutes(api: FastifyInstance, deps: Deps): Promise<void> {
  await api.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  api.get(
    '/ws',
    {
      websocket: true,
      schema: { hide: true, tags: ['realtime'] },
      // A refused upgrade (401 from the auth hook, 403, 429) must not leave the raw socket open.
      onResponse: async (req, reply) => {
        if (reply.statusCode >= 400 && req.headers.upgrade) req.raw.socket.destroy();
      },
      preValidation: async (req) => {
        // Browsers do not apply CORS to WebSocket: without this check any site could use the cookie.
        if (!originAllowed(deps, req)) throw new AppError('forbidden');
        const set = socketsByUser.get(actorOf(req).userId);
        if (set && set.size >= MAX_SOCKETS_PER_USER) throw new AppError('rate_limited');
      },
    },
    (socket, req) => {
      void new Session(deps, actorOf(req), socket).start();
    },
  );
}

class Session {
  private readonly last = new Map<string, number>();
  private readonly unsubs = new Map<string, () => Promise<void>>();
  private queue: Promise<void> = Promise.resolve();
  private tokens = BURST;
  private refill = Date.now();
  private refusals = 0;
  private closed = false;
  /** Chat messages flow only after the client's `resume` (sent right after `ready`, `{}` when fresh). */
  private live = false;

  constructor(
    private readonly deps: Deps,
    private readonly actor: Actor,
    private readonly socket: WebSocket,
  ) {}

  async start(): Promise<void> {
    const set = socketsByUser.get(this.actor.userId) ?? new Set<WebSocket>();
    socketsByUser.set(this.actor.userId, set);
    set.add(this.socket);
    this.socket.on('close', () => void this.stop());
    this.socket.on('message', (data, isBinary) => {
      if (isBinary || !this.take()) return this.refuse('rate_limited');
      const msg = parseInbound(String(data));
      if (!msg) return this.refuse('bad_request');
      this.refusals = 0;
      this.enqueue(() => this.handle(msg));
    });
    this.enqueue(async () => {
      const offUser = await this.deps.pubsub.subscribe(`user:${this.actor.userId}`, (m) =>
        this.enqueue(() => this.onUserEvent(m)),
      );
      this.unsubs.set('user', offUser);
      for (const { room_id } of await chatRepo(this.deps.db).roomIdsOf(this.actor.userId))
        await this.join(room_id);
      this.send({ type: 'ready', unread: await unreadCount(this.deps, this.actor) });
    });
  }

  private take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(BURST, this.tokens + ((now - this.refill) / 1000) * RATE_PER_SEC);
    this.refill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private refuse(code: string): void {
    this.send({ type: 'error', code });
    if (++this.refusals >= MAX_REFUSALS) this.socket.close(1008, code);
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue
      .then(() => (this.closed ? undefined : task()))
      .catch((err: unknown) => {
        const code = err instanceof AppError ? err.code : 'internal';
        this.send({ type: 'error', code });
      });
  }

  private send(v: unknown): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(v));
  }

  /** Subscribes to a room; the baseline is the room's current seq (read after subscribing). */
  private async join(roomId: string): Promise<void> {
    if (this.unsubs.has(roomId)) return;
    const off = await this.deps.pubsub.subscribe(`room:${roomId}`, (m) =>
      this.enqueue(() => this.onRoomEvent(roomId, m)),
    );
    this.unsubs.set(roomId, off);
    const m = await chatRepo(this.deps.db).membership(roomId, this.actor.userId);
    if (!m) return this.leave(roomId);
    if (!this.last.has(roomId)) this.last.set(roomId, Number(m.last_seq));
  }

  private async leave(roomId: string): Promise<void> {
    const off = this.unsubs.get(roomId);
    this.unsubs.delete(roomId);
    this.last.delete(roomId);
    await off?.();
  }

  private async onUserEvent(m: unknown): Promise<void> {
    const e = m as { type?: string; roomId?: string };
    if (e.type === 'room_added' && e.roomId) {
      await this.join(e.roomId);
      this.last.set(e.roomId, 0);
      await this.deliverFrom(e.roomId);
    } else if (e.type === 'room_removed' && e.roomId) await this.leave(e.roomId);
    this.send(m);
  }

  private async onRoomEvent(roomId: string, m: unknown): Promise<void> {
    if (!this.unsubs.has(roomId)) return;
    const e = m as { type?: string; message?: ChatMessage; stub?: { seq: number }; userId?: string };
    if (e.type !== 'message') {
      if (e.type === 'typing' && e.userId === this.actor.userId) return;
      this.send(m);
      return;
    }
    const seq = e.message?.seq ?? e.stub?.seq;
    if (seq === undefined || !this.live) return;
    const last = this.last.get(roomId) ?? 0;
    if (seq <= last) return;
    if (seq === last + 1 && e.message) {
      this.last.set(roomId, seq);
      this.send({ type: 'message', message: e.message });
      return;
    }
    await this.deliverFrom(roomId, seq);
  }

  /** Sends the room's messages after our last seq (up to `until` when given), from the database. */
  private async deliverFrom(roomId: string, until?: number): Promise<void> {
    const after = this.last.get(roomId) ?? 0;
    const rows = await roomHistory(this.deps, this.actor, roomId, { afterSeq: after, limit: RESUME_LIMIT });
    for (const msg of rows) {
      if (until !== undefined && msg.seq > until) break;
      this.last.set(roomId, msg.seq);
      this.send({ type: 'message', message: msg });
    }
    if (rows.length === RESUME_LIMIT) this.send({ type: 'gap', roomId });
  }

  private async handle(msg: Inbound): Promise<void> {
    switch (msg.type) {
      case 'ping':
        return this.send({ type: 'pong' });
      case 'send': {
        if (!this.unsubs.has(msg.roomId)) throw new AppError('not_found');
        const m = await sendMessage(this.deps, this.actor, msg.roomId, {
          body: msg.body,
          clientId: msg.clientId,
        });
        return this.send({
          type: 'ack',
          clientId: msg.clientId ?? null,
          id: m.id,
          seq: m.seq,
          roomId: m.roomId,
        });
      }
      case 'typing':
        if (!this.unsubs.has(msg.roomId)) throw new AppError('not_found');
        await this.deps.pubsub.publish(`room:${msg.roomId}`, {
          type: 'typing',
          roomId: msg.roomId,
          userId: this.actor.userId,
          name: this.actor.displayName,
        });
        return;
      case 'read':
        if (!this.unsubs.has(msg.roomId)) throw new AppError('not_found');
        await markRoomRead(this.deps, this.actor, msg.roomId, msg.seq);
        return;
      case 'resume':
        // Rooms the caller is not in are ignored: nothing to resume, nothing revealed.
        for (const roomId of this.last.keys()) {
          const seq = msg.rooms[roomId];
          if (seq !== undefined) this.last.set(roomId, seq);
          await this.deliverFrom(roomId);
        }
        this.live = true;
        return this.send({ type: 'resumed' });
    }
  }

  private async stop(): Promise<void> {
    this.closed = true;
    const set = socketsByUser.get(this.actor.userId);
    set?.delete(this.socket);
    if (set?.size === 0) socketsByUser.delete(this.actor.userId);
    for (const off of this.unsubs.values()) await off().catch(() => undefined);
    this.unsubs.clear();
  }
}
