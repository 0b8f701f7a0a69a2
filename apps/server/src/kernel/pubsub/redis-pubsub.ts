/**
 * PubSub over Redis (REDIS_URL). Redis PUBLISH reaches every subscribed connection once, in the order
 * the server received the publishes. Logical channels are prefixed `uh:`.
 */
import { Redis } from 'ioredis';
import { encodeEnvelope, HandlerRegistry, type PubSub, type PubSubHandler } from './pubsub.js';

const PREFIX = 'uh:';

export class RedisPubSub implements PubSub {
  private readonly registry = new HandlerRegistry();
  private readonly reconnectListeners: Array<() => void> = [];
  private readonly pub: Redis;
  private readonly sub: Redis;
  private everReady = false;

  constructor(url: string, log: (m: string) => void = () => undefined) {
    const opts = { lazyConnect: true, maxRetriesPerRequest: 3 };
    this.pub = new Redis(url, opts);
    this.sub = new Redis(url, opts);
    for (const c of [this.pub, this.sub]) c.on('error', (err: Error) => log(`pubsub: redis ${err.message}`));
    this.sub.on('message', (channel: string, payload: string) => {
      let env: { c: string; m: unknown };
      try {
        env = JSON.parse(payload) as { c: string; m: unknown };
      } catch {
        return;
      }
      if (`${PREFIX}${env.c}` === channel) this.registry.dispatch(env.c, env.m);
    });
    // ioredis re-subscribes by itself after a reconnect; tell consumers they may have missed messages.
    this.sub.on('ready', () => {
      if (this.everReady) for (const l of this.reconnectListeners) l();
      this.everReady = true;
    });
  }

  async publish(channel: string, message: unknown): Promise<void> {
    const payload = encodeEnvelope(channel, message);
    await this.pub.publish(`${PREFIX}${channel}`, payload);
  }

  async publishMany(channel: string, messages: unknown[]): Promise<void> {
    const payloads = messages.map((m) => encodeEnvelope(channel, m));
    if (payloads.length === 0) return;
    const multi = this.pub.pipeline();
    for (const p of payloads) multi.publish(`${PREFIX}${channel}`, p);
    const results = (await multi.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
  }

  async publishBatch(items: Array<{ channel: string; message: unknown }>): Promise<void> {
    const payloads = items.map((i) => [i.channel, encodeEnvelope(i.channel, i.message)] as const);
    if (payloads.length === 0) return;
    const multi = this.pub.pipeline();
    for (const [c, p] of payloads) multi.publish(`${PREFIX}${c}`, p);
    const results = (await multi.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
  }

  async subscribe(channel: string, handler: PubSubHandler): Promise<() => Promise<void>> {
    encodeEnvelope(channel, null);
    if (this.registry.add(channel, handler)) await this.sub.subscribe(`${PREFIX}${channel}`);
    return async () => {
      if (this.registry.remove(channel, handler))
        await this.sub.unsubscribe(`${PREFIX}${channel}`).catch(() => undefined);
    };
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  async close(): Promise<void> {
    this.registry.clear();
    this.sub.disconnect();
    this.pub.disconnect();
  }
}
