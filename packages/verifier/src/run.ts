/**
 * The verifier command's logic, separate from the executable so it can be tested in-process.
 * Exit codes: 0 valid, 1 invalid (first failing check printed), 2 unreadable or bad usage.
 */
import { type ElectionRecord, RecordFormatError } from '@unionhall/election-crypto';
import { readRecordFile, verifyRecordParallel } from '@unionhall/election-crypto/node';

const USAGE = 'usage: unionhall-verify RECORD [--workers N] [--quiet]';

/** Parsed command line. */
export interface Args {
  record: string;
  workers?: number;
  quiet: boolean;
}

/**
 * Parse argv (without node and script).
 * @throws Error with the usage text on bad arguments.
 */
export function parseArgs(argv: readonly string[]): Args {
  let record: string | undefined;
  let workers: number | undefined;
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quiet' || a === '-q') quiet = true;
    else if (a === '--workers' || a.startsWith('--workers=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      workers = Number(v);
      if (!Number.isInteger(workers) || workers < 0)
        throw new Error(`--workers needs a whole number\n${USAGE}`);
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else if (record === undefined) record = a;
    else throw new Error(`only one record may be given\n${USAGE}`);
  }
  if (record === undefined) throw new Error(USAGE);
  return { record, workers, quiet };
}

/** "contest: option votes, ..." for each contest. */
export function formatResults(record: ElectionRecord): string {
  return record.results.contests
    .map((c) => `${c.contest_id}: ${c.options.map((o) => `${o.option_id} ${o.votes}`).join(', ')}`)
    .join('; ');
}

/** Run the command; resolves to the exit code. */
export async function main(
  argv: readonly string[],
  io: { out: (s: string) => void; err: (s: string) => void } = {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
  },
): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.err((e as Error).message);
    return 2;
  }
  const started = Date.now();
  let record: ElectionRecord;
  try {
    record = readRecordFile(args.record);
  } catch (e) {
    if (e instanceof RecordFormatError) {
      io.err(`unionhall-verify: ${args.record}: ${e.message}`);
      return 2;
    }
    throw e;
  }
  let lastReport = Date.now();
  const result = await verifyRecordParallel(record, {
    workers: args.workers,
    onProgress: (p) => {
      if (args.quiet || p.phase !== 'ballots' || Date.now() - lastReport < 2000) return;
      lastReport = Date.now();
      const pct = p.total ? Math.floor((100 * p.done) / p.total) : 100;
      io.err(
        `verified ${p.done}/${p.total} ballots (${pct}%), ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
    },
  });
  if (!result.ok) {
    io.out(`INVALID: ${result.check}`);
    return 1;
  }
  if (!args.quiet) io.err(`checked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Re-voting: ballots replaced by a later ballot of the same voter are on the board, not counted.
  const replaced = record.board.supersedes?.length ?? 0;
  const note = replaced > 0 ? ` (${replaced} replaced by re-votes, not counted)` : '';
  io.out(`VALID: ${result.ballots} ballots${note}, results ${formatResults(record)}`);
  return 0;
}
