/**
 * PubSub over PostgreSQL LISTEN/NOTIFY. One physical channel (`uh_pubsub`) carries envelopes
 * `{c, m}`; each process keeps a single dedicated LISTEN connection and routes by `c` in memory, so
 * subscribing to a logical channel costs no round trip and channel names never reach SQL text.
 * NOTIFY is delivered at commit, in commit order, once per listening connection.
 *
 * Publishing uses a second dedicated connection, not the shared pool: under load the pool's queue is
 * full of request transactions, and a NOTIFY waiting behind them would delay every delivery. Publishes
 * that arrive while one is in flight are coalesced into the next single statement
 * (`pg_notify ... FROM unnest`, in publish order), so a busy process sends few round trips;
 * publishBatch packs many envelopes into one notification (`{"b": [...]}`). Writers may also notify
 * inside their own statement (`sqlChannel`: chat sends do), which costs no round trip at all. PostgreSQL
 * folds identical payloads sent in one statement into one notification; that is harmless for a
 * doorbell, and chat messages always differ (seq).
 */
import pg from 'pg';
import {
  encodeEnvelope,
  HandlerRegistry,
  type PubSub,
  type PubSubHandler,
  packEnvelopes,
  unpackPayload,
} from './pubsub.js';

const PG_CHANNEL = 'uh_pubsub';
const NOTIFY_MANY = 'SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS t(p, n) ORDER BY n';
/** Payloads per coalesced statement (each at most MAX_MESSAGE_BYTES). */
const MAX_BATCH = 500;

/** NOTIFYs on a dedicated connection; publishes made while one is in flight share the next statement. */
class BatchPublisher {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly queue: Array<{ payloads: string[]; done: (err?: Error) => void }> = [];
  private flushing = false;
  private closed = false;

  constructor(
    private readonly options: pg.ClientConfig,
    private readonly log: (m: string) => void,
  ) {}

  send(payloads: string[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('pub/sub is closed'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ payloads, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.flushing) void this.flush();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.client;
    this.client = undefined;
    if (c) await c.end().catch(() => undefined);
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const c = new pg.Client(this.options);
      c.on('error', (err) => {
        this.log(`pubsub: publisher connection lost (${err.message})`);
        if (this.client === c) this.client = undefined;
        void c.end().catch(() => undefined);
      });
      await c.connect();
      if (this.closed) {
        await c.end().catch(() => undefined);
        throw new Error('pub/sub is closed');
      }
      this.client = c;
      return c;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch: typeof this.queue = [];
        let n = 0;
        while (this.queue.length > 0 && (n === 0 || n + this.queue[0]!.payloads.length <= MAX_BATCH)) {
          const next = this.queue.shift()!;
          n += next.payloads.length;
          batch.push(next);
        }
        try {
          const c = await this.connection();
          await c.query(NOTIFY_MANY, [PG_CHANNEL, batch.flatMap((b) => b.payloads)]);
          for (const b of batch) b.done();
        } catch (err) {
          for (const b of batch) b.done(err instanceof Error ? err : new Error(String(err)));
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

export class PgPubSub implements PubSub {
  readonly sqlChannel = PG_CHANNEL;
  private readonly registry = new HandlerRegistry();
  private readonly reconnectListeners: Array<() => void> = [];
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private stopped = false;
  private readonly sender: BatchPublisher;

  /** `publisher` is the shared pool; listener and sender use their own connections with its settings. */
  constructor(
    private readonly publisher: pg.Pool,
    private readonly log: (m: string) => void = () => undefined,
  ) {
    this.sender = new BatchPublisher(publisher.options, log);
  }

  async publish(channel: string, message: unknown): Promise<void> {
    await this.sender.send([encodeEnvelope(channel, message)]);
  }

  async publishMany(channel: string, messages: unknown[]): Promise<void> {
    const payloads = messages.map((m) => encodeEnvelope(channel, m));
    if (payloads.length === 0) return;
    for (let i = 0; i < payloads.length; i += MAX_BATCH)
      await this.sender.send(payloads.slice(i, i + MAX_BATCH));
  }

  async publishBatch(items: Array<{ channel: string; message: unknown }>): Promise<void> {
    const payloads = packEnvelopes(items.map((i) => encodeEnvelope(i.channel, i.message)));
    for (let i = 0; i < payloads.length; i += MAX_BATCH)
      await this.sender.send(payloads.slice(i, i + MAX_BATCH));
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
    await this.sender.close();
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
      unpackPayload(msg.payload, (c, m) => this.registry.dispatch(c, m));
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
