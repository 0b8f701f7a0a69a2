/**
 * The WebSocket endpoint (/api/ws): one socket per browser tab carries chat events and in-app
 * notifications. Upgrades are authenticated from the session cookie by the auth hook (401 otherwise);
 * the Origin must be our own; frames are capped at MAX_FRAME_BYTES; each user may hold
 * MAX_SOCKETS_PER_USER sockets across all processes (kernel/pubsub/sockets.ts: a registry in
 * PostgreSQL, or in Redis with REDIS_URL, with heartbeat and expiry); inbound messages pass a token
 * bucket. Batched per-user events (publishToUsers: an announcement's audience) arrive once per
 * process on USERS_CHANNEL and are routed here to the sockets of the users they name.
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
import { USERS_CHANNEL } from '../../kernel/pubsub/index.js';
import { RedisSocketRegistry } from '../../kernel/pubsub/redis-sockets.js';
import { SocketRegistry, type SocketSlots } from '../../kernel/pubsub/sockets.js';
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
/**
 * A bus message ahead of the next expected seq is held this long for the missing ones (usually in
 * flight from the other process's NOTIFY) before the gap is filled from the database.
 */
const GAP_WAIT_MS = 40;
/** Held messages per room beyond which the gap is filled at once. */
const MAX_HELD = 200;

/** This process's sessions by user, for batched per-user events. */
type Local = { sessions: Map<string, Set<Session>>; listening: Promise<unknown> | undefined };

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
  const registry: SocketSlots = deps.config.redisUrl
    ? new RedisSocketRegistry(deps.config.redisUrl)
    : new SocketRegistry(deps.db);
  const local: Local = { sessions: new Map(), listening: undefined };
  const slots = new WeakMap<FastifyRequest, string>();
  api.addHook('onClose', async () => {
    await registry.close();
  });
  api.get(
    '/ws',
    {
      websocket: true,
      schema: { hide: true, tags: ['realtime'] },
      // A refused upgrade (401 from the auth hook, 403, 429) must not leave the raw socket open.
      onResponse: async (req, reply) => {
        // a slot the socket handler did not take (refused upgrade, or a plain GET) is given back
        const slot = slots.get(req);
        if (slot) {
          slots.delete(req);
          await registry.release(slot);
        }
        if (reply.statusCode >= 400 && req.headers.upgrade) req.raw.socket.destroy();
      },
      preValidation: async (req) => {
        // Browsers do not apply CORS to WebSocket: without this check any site could use the cookie.
        if (!originAllowed(deps, req)) throw new AppError('forbidden');
        const slot = await registry.acquire(actorOf(req).userId, MAX_SOCKETS_PER_USER);
        if (!slot) throw new AppError('rate_limited');
        slots.set(req, slot);
      },
    },
    (socket, req) => {
      const slot = slots.get(req)!;
      slots.delete(req);
      local.listening ??= deps.pubsub
        .subscribe(USERS_CHANNEL, (m) => {
          const e = m as { u?: unknown; m?: unknown };
          if (!Array.isArray(e.u)) return;
          for (const id of e.u) for (const s of local.sessions.get(String(id)) ?? []) s.userEvent(e.m);
        })
        .catch((err: unknown) => {
          local.listening = undefined; // the next socket tries again
          throw err;
        });
      void local.listening
        .then(() => new Session(deps, actorOf(req), socket, local, () => registry.release(slot)).start())
        .catch(() => {
          socket.close(1011, 'unavailable');
          void registry.release(slot);
        });
    },
  );
}

/** Encoded `message` frames: one buffer per bus message, sent as-is to every local recipient. */
const frames = new WeakMap<ChatMessage, Buffer>();

class Session {
  private readonly last = new Map<string, number>();
  private readonly unsubs = new Map<string, () => Promise<void>>();
  /** Bus messages that arrived ahead of a gap, per room, by seq. */
  private readonly held = new Map<string, Map<number, ChatMessage>>();
  private readonly gapTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private queue: Promise<void> = Promise.resolve();
  /**
   * The client's sends run in their own lane (in order among themselves, after start-up), so waiting
   * for the database on a send does not hold up deliveries to this socket.
   */
  private sends: Promise<void> = Promise.resolve();
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
    private readonly local: Local,
    private readonly release: () => Promise<void>,
  ) {}

  /** A batched per-user event for this session's user. */
  userEvent(m: unknown): void {
    this.enqueue(() => this.onUserEvent(m));
  }

  async start(): Promise<void> {
    const set = this.local.sessions.get(this.actor.userId) ?? new Set<Session>();
    this.local.sessions.set(this.actor.userId, set);
    set.add(this);
    this.socket.on('close', () => void this.stop());
    if (this.socket.readyState !== this.socket.OPEN) return void this.stop();
    this.socket.on('message', (data, isBinary) => {
      if (isBinary || !this.take()) return this.refuse('rate_limited');
      const msg = parseInbound(String(data));
      if (!msg) return this.refuse('bad_request');
      this.refusals = 0;
      if (msg.type === 'send') this.sends = this.chain(this.sends, () => this.handle(msg));
      else this.enqueue(() => this.handle(msg));
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
    this.sends = this.queue;
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
    this.queue = this.chain(this.queue, task);
  }

  private chain(lane: Promise<void>, task: () => Promise<void>): Promise<void> {
    return lane
      .then(() => (this.closed ? undefined : task()))
      .catch((err: unknown) => {
        const code = err instanceof AppError ? err.code : 'internal';
        this.send({ type: 'error', code });
      });
  }

  private send(v: unknown): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(v));
  }

  /** A bus message reaches every session of the process as one object: its frame is encoded once. */
  private sendMessage(m: ChatMessage): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    let frame = frames.get(m);
    if (frame === undefined) {
      frame = Buffer.from(JSON.stringify({ type: 'message', message: m }));
      frames.set(m, frame);
    }
    this.socket.send(frame, { binary: false });
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
    this.dropHeld(roomId);
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
    if (!e.message) return this.deliverFrom(roomId, seq);
    if (seq === last + 1) {
      this.last.set(roomId, seq);
      this.sendMessage(e.message);
      return this.drainHeld(roomId);
    }
    // ahead of a gap: hold it; the missing ones normally arrive within milliseconds
    const held = this.held.get(roomId) ?? new Map<number, ChatMessage>();
    this.held.set(roomId, held);
    held.set(seq, e.message);
    if (held.size >= MAX_HELD) return this.fillGap(roomId);
    this.armGap(roomId);
  }

  private armGap(roomId: string): void {
    if (this.gapTimers.has(roomId)) return;
    const t = setTimeout(() => {
      this.gapTimers.delete(roomId);
      this.enqueue(() => this.fillGap(roomId));
    }, GAP_WAIT_MS);
    this.gapTimers.set(roomId, t);
  }

  /** Sends held messages that now follow our last seq; forgets those at or below it. */
  private drainHeld(roomId: string): void {
    const held = this.held.get(roomId);
    if (!held) return;
    let last = this.last.get(roomId) ?? 0;
    for (const seq of held.keys()) if (seq <= last) held.delete(seq);
    for (let m = held.get(last + 1); m; m = held.get(last + 1)) {
      held.delete(++last);
      this.last.set(roomId, last);
      this.sendMessage(m);
    }
    if (held.size === 0) this.dropHeld(roomId);
  }

  private dropHeld(roomId: string): void {
    this.held.delete(roomId);
    const t = this.gapTimers.get(roomId);
    if (t) clearTimeout(t);
    this.gapTimers.delete(roomId);
  }

  /** The gap did not close from the bus: read it from the database up to the newest held seq. */
  private async fillGap(roomId: string): Promise<void> {
    const held = this.held.get(roomId);
    if (!held || !this.unsubs.has(roomId)) return this.dropHeld(roomId);
    await this.deliverFrom(roomId, Math.max(...held.keys()));
    this.drainHeld(roomId);
    if (this.held.has(roomId)) this.armGap(roomId);
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
    this.drainHeld(roomId);
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
    if (this.closed) return;
    this.closed = true;
    const set = this.local.sessions.get(this.actor.userId);
    set?.delete(this);
    if (set?.size === 0) this.local.sessions.delete(this.actor.userId);
    for (const roomId of [...this.held.keys()]) this.dropHeld(roomId);
    await this.release();
    for (const off of this.unsubs.values()) await off().catch(() => undefined);
    this.unsubs.clear();
  }
}
