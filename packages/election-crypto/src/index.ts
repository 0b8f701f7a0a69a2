/**
 * @unionhall/election-crypto: verifiable union elections on ristretto255.
 * Browser- and Node-safe; the Node-only worker-thread helpers live in the `./node` entry.
 */
export { type AuditedBallot, auditBallot, checkAuditedBallot } from './audit.js';
export {
  type BallotSecrets,
  type ContestBallotJson,
  type EncryptedBallot,
  type EncryptOptions,
  encryptBallot,
  type OptionCiphertextJson,
  type Selections,
  selectionVectors,
  trackingCode,
} from './ballot.js';
export { accumulateBallot, type CheckResult, checkBallotReference, verifyBallot } from './ballot-verify.js';
export { LinearCombination, randomWeights, type WeightSource } from './batch.js';
export { type BoardEntry, type BoardJson, boardEntryHash, boardGenesis, buildBoard } from './board.js';
export { fromHex, toHex } from './bytes.js';
export { canonicalJson } from './canonical.js';
export { resolveContext } from './context.js';
export { discreteLog } from './dlog.js';
export { addCiphertexts, type Ciphertext, type CiphertextJson, encrypt } from './elgamal.js';
export { decodeHex, encodeHex, type FixedBase, type Group } from './group.js';
export { defaultGroup, setDefaultGroup } from './group-default.js';
export { type NoblePoint, nobleGroup } from './group-noble.js';
export { hashParts, hashToScalar, L, TAG } from './hash.js';
export {
  type ContestManifest,
  contestRange,
  type ElectionParameters,
  type Manifest,
  manifestHash,
  type OptionManifest,
  parameterHash,
  type PublicContext,
  validateManifest,
} from './manifest.js';
export { type OneOfProofJson, proveOneOf, verifyOneOfReference } from './proofs.js';
export type { ChaumPedersenProofJson, SchnorrProofJson } from './proofs-dlog.js';
export {
  type ElectionRecord,
  parseRecord,
  RECORD_FORMAT,
  RecordFormatError,
  recordChunks,
  serializeRecord,
} from './record.js';
export {
  checkSupersedes,
  countedBallots,
  createRevoteSecret,
  isHex32,
  revoteOwner,
  revoteTag,
  type SupersedeEntry,
  supersedeEntryHash,
  withRevoteTag,
} from './revote.js';
export { randomScalar, type Rng, secureRng, seededRng } from './rng.js';
export { scalarFromHex, scalarToHex } from './scalar.js';
export {
  type EncryptedShare,
  createTransportKey,
  decryptShare,
  encryptShare,
  exportTrusteeBackup,
  importTrusteeBackup,
  type TrusteeBackup,
} from './share-transport.js';
export {
  type BallotGenerator,
  DEFAULT_CONTESTS,
  randomSelections,
  type SimulateOptions,
  simulateBallots,
  simulateElection,
} from './simulate.js';
export {
  aggregateBallots,
  checkDecryptionShare,
  combineDecryptionShares,
  computeDecryptionShare,
  type DecryptionShareJson,
  type ResultsJson,
  type TallyJson,
} from './tally.js';
export {
  buildParameters,
  combineKeyShare,
  createTrustee,
  jointPublicKey,
  shareFor,
  type TrusteePublic,
  type TrusteeSecret,
  verificationKey,
  verifyShare,
  verifyTrusteePublic,
} from './trustee.js';
export {
  type BallotSectionOutcome,
  type BallotSectionRunner,
  encodeTally,
  inProcessRunner,
  type VerifyOptions,
  type VerifyProgress,
  verifyRecord,
} from './verify.js';
export { type ChunkInput, type ChunkOutcome, verifyChunk } from './verify-batch.js';
export { checkHeader } from './verify-parts.js';
export { type VerifyResult, verifyRecordReference } from './verify-reference.js';
