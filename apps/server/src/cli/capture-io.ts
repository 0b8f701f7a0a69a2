/** An in-memory CliIo for tests and embedding: collects output, answers secret prompts from a list. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliIo, Env } from './io.js';

export type CapturedIo = { io: CliIo; out: string[]; err: string[]; text: () => string };

export function captureIo(env: Env, secrets: string[] = [], interactive = false): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  const answers = [...secrets];
  return {
    out,
    err,
    text: () => [...out, ...err].join('\n'),
    io: {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      progress: (l) => err.push(l),
      env,
      interactive,
      readSecret: async () => answers.shift() ?? '',
    },
  };
}

/** The environment of a CLI run against an existing database (e.g. a test database). */
export function cliEnv(databaseUrl: string, masterKey: Buffer, extra: Env = {}): Env {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    UNIONHALL_MASTER_KEY: masterKey.toString('hex'),
    UNIONHALL_MASTER_KEY_ID: 'test',
    UNIONHALL_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'uh-cli-')),
    ...extra,
  };
}
