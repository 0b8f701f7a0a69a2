/**
 * What every `unionhall` command shares: its output channels (results on stdout, progress and
 * messages on stderr), argument parsing with usage errors (exit 2) and failures (exit 1), and
 * reading a secret from stdin or a hidden prompt (never from argv, where `ps` and shell history see it).
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

export type Env = Record<string, string | undefined>;

export type CliIo = {
  /** A result line on stdout. */
  out: (line: string) => void;
  /** A message on stderr. */
  err: (line: string) => void;
  /** A transient progress line on stderr (rewritten in place on a terminal). */
  progress: (line: string) => void;
  env: Env;
  /** Reads a secret: a hidden prompt on a terminal, else the first line of stdin. */
  readSecret: (prompt: string) => Promise<string>;
  /** Whether readSecret shows an interactive prompt (then commands ask twice). */
  interactive: boolean;
};

/** Wrong arguments: exit code 2. */
export class UsageError extends Error {}

/** The command could not do its work: exit code 1. */
export class CliFailure extends Error {}

/** Exit code, or 'running' for a command that keeps the process alive (the server). */
export type CommandResult = number | 'running';

export type Command = {
  /** Words that select the command, e.g. `['users', 'create']`. */
  path: string[];
  summary: string;
  /** Full help text shown by `--help`. */
  help: string;
  run: (args: string[], io: CliIo) => Promise<CommandResult>;
};

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict parsing of a command's options (`--help` is always accepted).
 * @throws UsageError for unknown options, missing values or stray arguments.
 */
export function parseOptions<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values as { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string } & { help?: boolean };
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional.*$/s, '.'));
  }
}

/** @throws UsageError naming the missing option. */
export function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required`);
  return v.trim();
}

async function readStdinFirstLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliFailure('Cancelled.'));
        if (ch === '\u007f' || ch === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The real process streams. */
export function processIo(env: Env = process.env): CliIo {
  const tty = Boolean(process.stderr.isTTY);
  let transient = false;
  const err = (line: string) => {
    if (transient) process.stderr.write('\n');
    transient = false;
    process.stderr.write(`${line}\n`);
  };
  return {
    out: (line) => {
      if (transient) process.stderr.write('\n');
      transient = false;
      process.stdout.write(`${line}\n`);
    },
    err,
    progress: (line) => {
      if (!tty) return err(line);
      process.stderr.write(`\r${line}\u001b[K`);
      transient = true;
    },
    env,
    interactive: Boolean(process.stdin.isTTY),
    readSecret: (prompt) => (process.stdin.isTTY ? promptHidden(prompt) : readStdinFirstLine()),
  };
}
