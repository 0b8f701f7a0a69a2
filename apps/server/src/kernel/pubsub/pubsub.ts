/**
 * Pub/sub across server processes. Every process subscribes to the channels its clients care about
 * (a user's notifications, a chat room); a publish on any process reaches every subscriber on every
 * process, in publish order, once. PostgreSQL LISTEN/NOTIFY by default; Redis when REDIS_URL is set.
 *
 * Pub/sub is a doorbell, not a store: a subscriber that was disconnected misses messages, so every
 * consumer must be able to catch up from the database (chat resumes from the last seen message id,
 * the notification centre re-reads its unread count). Messages are small JSON values (< 7 kB).
 */
export type PubSubHandler = (message: unknown) => void;

export interface PubSub {
  /**
   * Publishes to every subscriber of `channel` on every process (this one included).
   * @throws Error when the encoded message exceeds MAX_MESSAGE_BYTES or the channel name is invalid.
   */
  publish(channel: string, message: unknown): Promise<void>;
  /**
   * Publishes several messages on one channel in one round trip, in order (bulk fan-out).
   * @throws Error like publish(), before anything is sent.
   */
  publishMany(channel: string, messages: unknown[]): Promise<void>;
  /**
   * Publishes messages on several channels in one round trip; each channel's messages stay in order.
   * PostgreSQL packs them into as few notifications as fit (packEnvelopes).
   * @throws Error like publish(), before anything is sent.
   */
  publishBatch(items: Array<{ channel: string; message: unknown }>): Promise<void>;
  /**
   * Set when the bus is PostgreSQL NOTIFY: a writer may publish inside its own SQL statement with
   * `pg_notify(sqlChannel, json_build_object('c', <channel>, 'm', <message>)::text)` (payload at most
   * MAX_MESSAGE_BYTES), so the notification is sent at commit, in commit order, with no extra round
   * trip. Undefined for Redis: publish after the commit instead.
   */
  readonly sqlChannel?: string;
  /** Subscribes; resolves once the subscription is live. Returns the unsubscribe function. */
  subscribe(channel: string, handler: PubSubHandler): Promise<() => Promise<void>>;
  /** Called after a lost connection was re-established (messages in between may be missing). */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

/** NOTIFY payloads are limited to 8000 bytes; keep a margin for the envelope. */
export const MAX_MESSAGE_BYTES = 7000;
const CHANNEL = /^[A-Za-z0-9_:.-]{1,120}$/;

/** @throws Error on an invalid channel name. */
export function assertChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`invalid pub/sub channel: ${channel}`);
}

/** @throws Error when the message is too large. */
export function encodeEnvelope(channel: string, message: unknown): string {
  assertChannel(channel);
  const payload = JSON.stringify({ c: channel, m: message });
  if (Buffer.byteLength(payload) > MAX_MESSAGE_BYTES) throw new Error('pub/sub message too large');
  return payload;
}

/**
 * Packs encoded envelopes (encodeEnvelope) into as few payloads as fit in MAX_MESSAGE_BYTES each:
 * `{"b":[env, env, ...]}`, in order; a lone envelope goes as itself.
 */
export function packEnvelopes(envelopes: string[]): string[] {
  const out: string[] = [];
  let part: string[] = [];
  let bytes = 8;
  const flush = () => {
    if (part.length === 1) out.push(part[0]!);
    else if (part.length > 1) out.push(`{"b":[${part.join(',')}]}`);
    part = [];
    bytes = 8;
  };
  for (const e of envelopes) {
    const n = Buffer.byteLength(e) + 1;
    if (part.length > 0 && bytes + n > MAX_MESSAGE_BYTES) flush();
    part.push(e);
    bytes += n;
  }
  flush();
  return out;
}

/** Decodes a payload (one envelope or a pack) and hands each envelope to `dispatch`, in order. */
export function unpackPayload(payload: string, dispatch: (channel: string, message: unknown) => void): void {
  let v: { c?: unknown; m?: unknown; b?: unknown };
  try {
    v = JSON.parse(payload) as typeof v;
  } catch {
    return;
  }
  if (Array.isArray(v.b)) {
    for (const e of v.b as Array<{ c?: unknown; m?: unknown }>)
      if (e && typeof e.c === 'string') dispatch(e.c, e.m);
  } else if (typeof v.c === 'string') dispatch(v.c, v.m);
}

/** Local fan-out of decoded envelopes to this process's handlers. */
export class HandlerRegistry {
  private readonly handlers = new Map<string, Set<PubSubHandler>>();

  add(channel: string, handler: PubSubHandler): boolean {
    const existing = this.handlers.get(channel);
    const set = existing ?? new Set<PubSubHandler>();
    if (!existing) this.handlers.set(channel, set);
    set.add(handler);
    return !existing;
  }

  /** Returns true when the channel has no handler left. */
  remove(channel: string, handler: PubSubHandler): boolean {
    const set = this.handlers.get(channel);
    if (!set) return false;
    set.delete(handler);
    if (set.size > 0) return false;
    this.handlers.delete(channel);
    return true;
  }

  channels(): string[] {
    return [...this.handlers.keys()];
  }

  dispatch(channel: string, message: unknown): void {
    for (const h of this.handlers.get(channel) ?? []) {
      try {
        h(message);
      } catch {
        // one faulty subscriber must not stop delivery to the others
      }
    }
  }

  clear(): void {
    this.handlers.clear();
  }
}

/** The channel carrying batched per-user events: `{u: userIds, m: message}`. */
export const USERS_CHANNEL = 'users';
/** User ids per batched envelope (36-byte ids: well under MAX_MESSAGE_BYTES with a small message). */
export const USERS_PER_MESSAGE = 150;

/**
 * Sends `message` to the `user:<id>` audience of many users at once: one envelope per
 * USERS_PER_MESSAGE ids on USERS_CHANNEL, all published in one round trip. Subscribers route them to
 * their local sockets (comms realtime).
 */
export async function publishToUsers(pubsub: PubSub, userIds: string[], message: unknown): Promise<void> {
  const batches: Array<{ u: string[]; m: unknown }> = [];
  for (let i = 0; i < userIds.length; i += USERS_PER_MESSAGE)
    batches.push({ u: userIds.slice(i, i + USERS_PER_MESSAGE), m: message });
  if (batches.length) await pubsub.publishMany(USERS_CHANNEL, batches);
}
