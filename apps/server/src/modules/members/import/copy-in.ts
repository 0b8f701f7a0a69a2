/**
 * COPY ... FROM STDIN on a `pg` client without an extra package: a submittable query that answers the
 * server's CopyInResponse with the prepared bytes (text format) and settles on ReadyForQuery. Also a
 * Kysely bound to one checked-out client, so the load transaction's Kysely statements and its COPYs
 * run on the same connection (and in the same transaction).
 */
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Database } from '../../../kernel/db/pool.js';
import type { DB } from '../../../kernel/db/types.js';

const CHUNK = 64 * 1024;

type Connection = {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
};

class CopyFrom {
  readonly done: Promise<number>;
  private resolve!: (rows: number) => void;
  private reject!: (err: Error) => void;
  private rows = 0;
  private failed = false;

  constructor(
    readonly text: string,
    private readonly data: Buffer,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: Connection) {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: Connection) {
    for (let at = 0; at < this.data.length; at += CHUNK)
      connection.sendCopyFromChunk(this.data.subarray(at, at + CHUNK));
    connection.endCopyFrom();
  }

  handleCommandComplete(msg: { text?: string }) {
    this.rows = Number(/(\d+)$/.exec(msg.text ?? '')?.[1] ?? 0);
  }

  handleError(err: Error) {
    this.failed = true;
    this.reject(err);
  }

  handleReadyForQuery() {
    if (!this.failed) this.resolve(this.rows);
  }

  // Messages a COPY does not produce; present because the client may call them on any active query.
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyData() {}
}

/** Runs `COPY table (cols) FROM STDIN` with rows already encoded by copyLine; returns the row count. */
export function copyFrom(client: pg.PoolClient, statement: string, data: Buffer): Promise<number> {
  const q = new CopyFrom(statement, data);
  client.query(q as unknown as pg.QueryConfig);
  return q.done;
}

/** One value in COPY text format: \N for null, backslash escapes, bytea as \\x hex. */
function field(v: string | Buffer | null): string {
  if (v === null) return '\\N';
  if (Buffer.isBuffer(v)) return `\\\\x${v.toString('hex')}`;
  return /[\\\n\r\t]/.test(v)
    ? v.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'))
    : v;
}

/** One row in COPY text format (tab-separated, newline-terminated). */
export function copyLine(values: Array<string | Buffer | null>): string {
  let s = field(values[0] ?? null);
  for (let i = 1; i < values.length; i++) s += `\t${field(values[i] ?? null)}`;
  return `${s}\n`;
}

/** A Kysely whose every statement runs on this one client (the caller releases it). */
export function clientDatabase(client: pg.PoolClient): Database {
  const pool = {
    connect: async () => ({
      query: (...args: unknown[]) => (client.query as (...a: unknown[]) => unknown)(...args),
      release: () => {},
    }),
    end: async () => {},
  };
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
}
