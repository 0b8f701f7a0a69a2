/**
 * PubSub over PostgreSQL LISTEN/NOTIFY. One physical channel (`uh_pubsub`) carries envelopes
 * `{c, m}`; each process keeps a single dedicated LISTEN connection and routes by `c` in memory, so
 * subscribing to a logical channel costs no round trip and channel names never reach SQL text.
 * NOTIFY is delivered at commit, in commit order, once per listening connection.
 */
import pg from 'pg';
import { encodeEnvelope, HandlerRegistry, type PubSub, type PubSubHandler } from './pubsub.js';

const PG_CHANNEL = 'uh_pubsub';

export class PgPubSub implements PubSub {
  private readonly registry = new HandlerRegistry();
  private readonly reconnectListeners: Array<() => void> = [];
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private stopped = false;

  /** `publisher` is the shared pool; the listener uses its own connection with the same settings. */
  constructor(
    private readonly publisher: pg.Pool,
    private readonly log: (m: string) => void = () => undefined,
  ) {}

  async publish(channel: string, message: unknown): Promise<void> {
    await this.publisher.query('SELECT pg_notify($1, $2)', [PG_CHANNEL, encodeEnvelope(channel, message)]);
  }

  async subscribe(channel: string, handler: PubSubHandler): Promise<() => Promise<void>> {
    encodeEnvelope(channel, null);
    this.registry.add(channel, handler);
    await this.ensureListening();
    return async () => {
      this.registry.remove(channel, handler);
    };
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.registry.clear();
    const c = this.client;
    this.client = undefined;
    if (c) await c.end().catch(() => undefined);
  }

  private ensureListening(): Promise<void> {
    if (this.client || this.stopped) return Promise.resolve();
    this.connecting ??= this.connect(false).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(isReconnect: boolean): Promise<void> {
    const client = new pg.Client(this.publisher.options);
    client.on('notification', (msg) => {
      if (msg.channel !== PG_CHANNEL || !msg.payload) return;
      let env: { c: string; m: unknown };
      try {
        env = JSON.parse(msg.payload) as { c: string; m: unknown };
      } catch {
        return;
      }
      this.registry.dispatch(env.c, env.m);
    });
    client.on('error', (err) => {
      this.log(`pubsub: listener connection lost (${err.message})`);
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    });
    try {
      await client.connect();
      await client.query('LISTEN uh_pubsub');
    } catch (err) {
      void client.end().catch(() => undefined);
      if (!isReconnect) throw err;
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    if (isReconnect) for (const l of this.reconnectListeners) l();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    setTimeout(() => {
      if (!this.stopped && !this.client) void this.connect(true);
    }, 1000).unref();
  }
}
