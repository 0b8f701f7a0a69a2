/**
 * `unionhall election simulate`: a complete, verifiable election record from simulated voters, for
 * demonstrations, load tests and trying the standalone verifier. Needs no database.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { type Command, type CliIo, parseOptions, required, UsageError } from './io.js';

export type SimulateArgs = {
  voters: number;
  out: string;
  seed?: string;
  trustees?: number;
  threshold?: number;
};

function positiveInt(raw: string | undefined, name: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return n;
}

/**
 * Runs the simulation and streams the canonical record to `args.out`.
 * @returns the results and the record's size in bytes.
 */
export async function simulateToFile(args: SimulateArgs, io: Pick<CliIo, 'progress'>) {
  // Loaded on demand: the other commands do not need the election library.
  const ec = await import('@unionhall/election-crypto');
  // Ballots are encrypted in worker threads, one per core (same bytes as one thread for a seed).
  const { simulateElectionParallel } = await import('@unionhall/election-crypto/node');
  let lastShown = 0;
  const record = await simulateElectionParallel({
    voters: args.voters,
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    ...(args.trustees !== undefined ? { trustees: args.trustees } : {}),
    ...(args.threshold !== undefined ? { threshold: args.threshold } : {}),
    onProgress: (p) => {
      const now = Date.now();
      if (p.done === p.total || now - lastShown > 200) {
        lastShown = now;
        io.progress(`Simulating: ${p.phase} ${p.done}/${p.total}`);
      }
    },
  });
  io.progress('Writing the election record...');
  const file = createWriteStream(args.out, { mode: 0o644 });
  for (const chunk of ec.recordChunks(record)) {
    if (!file.write(chunk)) await once(file, 'drain');
  }
  file.end();
  await once(file, 'finish');
  return { results: record.results, bytes: (await stat(args.out)).size };
}

export const electionSimulateCommand: Command = {
  path: ['election', 'simulate'],
  summary: 'Write a simulated, verifiable election record',
  help: `Usage: unionhall election simulate --voters N --out RECORD [--seed S] [--trustees N] [--threshold K]

Runs a whole election in memory (key ceremony with N trustees and threshold K, N random valid
encrypted ballots, bulletin board, homomorphic tally, threshold decryption) and writes the public
election record as canonical JSON to RECORD. Check it with the standalone verifier
(packages/verifier, command unionhall-verify). Needs no database.

Options:
  --voters N      number of simulated voters (0 - 10,000,000)
  --out RECORD    file to write (overwritten)
  --seed S        make the record deterministic (same seed, same bytes)
  --trustees N    trustees in the key ceremony (default 3)
  --threshold K   trustees needed to decrypt (default 2)
  -h, --help`,
  run: async (args, io) => {
    const v = parseOptions(args, {
      voters: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      trustees: { type: 'string' },
      threshold: { type: 'string' },
    });
    if (v.help) {
      io.out(electionSimulateCommand.help);
      return 0;
    }
    const voters = positiveInt(required(v, 'voters'), 'voters', 0, 10_000_000)!;
    const out = path.resolve(required(v, 'out'));
    const trustees = positiveInt(v.trustees, 'trustees', 1, 100);
    const threshold = positiveInt(v.threshold, 'threshold', 1, 100);
    if (threshold !== undefined && threshold > (trustees ?? 3))
      throw new UsageError('--threshold cannot exceed --trustees');
    const started = performance.now();
    const r = await simulateToFile(
      {
        voters,
        out,
        ...(v.seed ? { seed: v.seed } : {}),
        ...(trustees ? { trustees } : {}),
        ...(threshold ? { threshold } : {}),
      },
      io,
    );
    io.out(`Wrote ${out} (${r.bytes} bytes) in ${Math.round(performance.now() - started)} ms.`);
    io.out(`Ballots counted: ${r.results.ballots_counted}`);
    for (const c of r.results.contests) {
      io.out(`  ${c.contest_id}: ${c.options.map((o) => `${o.option_id} ${o.votes}`).join(', ')}`);
    }
    return 0;
  },
};
