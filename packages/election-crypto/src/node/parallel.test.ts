import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeRecord } from '../record.js';
import { simulateElection } from '../simulate.js';
import { verifyRecord } from '../verify.js';
import { simulateElectionParallel, verifyRecordParallel } from './parallel.js';
import { parseLargeRecord, readRecordFile, writeRecordFile } from './record-file.js';

describe('worker-thread simulation and verification', () => {
  it('produce the same record and verdicts as the single-thread versions', async () => {
    const opts = { voters: 300, seed: 'parallel-test', trustees: 2, threshold: 2 };
    const parallel = await simulateElectionParallel({ ...opts, workers: 2 });
    const single = await simulateElection(opts);
    expect(serializeRecord(parallel)).toBe(serializeRecord(single));

    let progressed = 0;
    const ok = await verifyRecordParallel(parallel, { workers: 2, onProgress: (p) => (progressed = p.done) });
    expect(ok).toEqual({ ok: true, ballots: 300 });
    expect(progressed).toBe(300);

    const bad = structuredClone(parallel);
    bad.board.entries[257]!.ballot.contests[0]!.options[3]!.proof.v[0] =
      bad.board.entries[257]!.ballot.contests[0]!.options[3]!.proof.v[1]!;
    bad.board.entries[290]!.hash = bad.board.entries[289]!.hash;
    const expected = { ok: false, check: 'ballot[257].contest[0].option[3].proof' };
    expect(await verifyRecordParallel(bad, { workers: 2 })).toEqual(expected);
    expect(await verifyRecord(bad)).toEqual(expected);
  }, 60_000);

  it('writes records in streamed chunks and reads them back, also piecewise', async () => {
    const record = await simulateElection({ voters: 3, seed: 'file-test' });
    const dir = mkdtempSync(join(tmpdir(), 'uh-record-'));
    const path = join(dir, 'record.json');
    writeRecordFile(path, record);
    expect(readRecordFile(path)).toEqual(record);
    // Whitespace anywhere must not matter to the piecewise parser.
    const pretty = JSON.stringify(record, null, 2);
    expect(parseLargeRecord(new TextEncoder().encode(pretty))).toEqual(record);
    writeFileSync(
      join(dir, 'bad.json'),
      '{"format": "unionhall-election-record/1", "board": {"entries": [1, 2',
    );
    expect(() => readRecordFile(join(dir, 'bad.json'))).toThrow('not valid JSON');
    expect(() => parseLargeRecord(new TextEncoder().encode('{"board":{"entries":[{"a":1},]}}'))).toThrow(
      'not valid JSON',
    );
    expect(() => parseLargeRecord(new TextEncoder().encode('{"format":"other"}'))).toThrow(
      'not an election record',
    );
  });
});
