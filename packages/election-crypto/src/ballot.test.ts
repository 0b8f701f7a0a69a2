import { describe, expect, it } from 'vitest';
import { auditBallot, checkAuditedBallot } from './audit.js';
import { encryptBallot, selectionVectors } from './ballot.js';
import { checkBallotReference, verifyBallot } from './ballot-verify.js';
import { resolveContext } from './context.js';
import { nobleGroup } from './group-noble.js';
import { seededRng } from './rng.js';
import { simulateElection } from './simulate.js';

const contests = [
  {
    id: 'chair',
    title: 'Chair',
    min_selections: 1,
    max_selections: 1,
    options: ['anna', 'bert', 'cara'].map((id) => ({ id, title: id })),
  },
  {
    id: 'board',
    title: 'Board',
    min_selections: 0,
    max_selections: 2,
    options: ['wim', 'xia', 'yan', 'zoe'].map((id) => ({ id, title: id })),
  },
];

describe('ballots', async () => {
  const record = await simulateElection({ voters: 0, contests, seed: 'ballot-test' });
  const { manifest, parameters } = record;

  it('encrypts valid selections into a ballot that verifies (batch and reference agree)', () => {
    const { ballot } = encryptBallot(
      manifest,
      parameters,
      { chair: ['bert'], board: ['xia', 'zoe'] },
      seededRng('v1'),
    );
    expect(verifyBallot(manifest, parameters, ballot)).toEqual({ ok: true });
    expect(
      checkBallotReference(nobleGroup, manifest, resolveContext(nobleGroup, parameters), ballot),
    ).toBeNull();
    expect(ballot.tracking_code).toMatch(/^[0-9a-f]{64}$/);
    // The tracking code and ballot say nothing about the choice: no plaintext anywhere.
    expect(JSON.stringify(ballot)).not.toMatch(/bert|xia|zoe/);
  });

  it('rejects selections outside the rules before encrypting', () => {
    expect(() => selectionVectors(manifest, { chair: [], board: [] })).toThrow('between 1 and 1');
    expect(() => selectionVectors(manifest, { chair: ['anna', 'bert'] })).toThrow();
    expect(() => selectionVectors(manifest, { chair: ['anna'], board: ['wim', 'wim'] })).toThrow('duplicate');
    expect(() => selectionVectors(manifest, { chair: ['nope'] })).toThrow('unknown option');
    expect(() => selectionVectors(manifest, { chair: ['anna'], other: [] })).toThrow('unknown contest');
  });

  it('names the failing part of a tampered ballot', () => {
    const { ballot } = encryptBallot(manifest, parameters, { chair: ['anna'], board: [] }, seededRng('v2'));
    const swapped = structuredClone(ballot);
    const o = swapped.contests[1]!.options;
    [o[0], o[1]] = [o[1]!, o[0]!];
    expect(verifyBallot(manifest, parameters, swapped)).toEqual({
      ok: false,
      check: 'contest[1].option[0].proof',
    });
    const retagged = { ...structuredClone(ballot), tracking_code: '00'.repeat(32) };
    expect(verifyBallot(manifest, parameters, retagged)).toEqual({ ok: false, check: 'tracking_code' });
    const range = structuredClone(ballot);
    range.contests[0]!.range_proof.v[0] = range.contests[0]!.options[0]!.proof.v[0]!;
    expect(verifyBallot(manifest, parameters, range)).toEqual({ ok: false, check: 'contest[0].range_proof' });
    expect(verifyBallot(manifest, parameters, { contests: [] } as never)).toEqual({
      ok: false,
      check: 'format',
    });
  });

  it('an honest audit reveal checks out; a lying one does not', () => {
    const { ballot, secrets } = encryptBallot(
      manifest,
      parameters,
      { chair: ['cara'], board: ['wim'] },
      seededRng('v3'),
    );
    const audited = auditBallot(ballot, secrets);
    expect(checkAuditedBallot(manifest, parameters, audited)).toEqual({
      ok: true,
      selections: secrets.selections,
    });
    // The device claims the voter chose "anna" while the ballot encrypts "cara".
    const lie = { ...audited, selections: { chair: ['anna'], board: ['wim'] } };
    expect(checkAuditedBallot(manifest, parameters, lie)).toEqual({
      ok: false,
      check: 'contest[0].option[0].reveal',
    });
    const badNonce = structuredClone(audited);
    badNonce.nonces[1]![2] = badNonce.nonces[1]![3]!;
    expect(checkAuditedBallot(manifest, parameters, badNonce)).toEqual({
      ok: false,
      check: 'contest[1].option[2].reveal',
    });
    expect(checkAuditedBallot(manifest, parameters, { ...audited, nonces: [] })).toEqual({
      ok: false,
      check: 'nonces',
    });
  });
});
