/**
 * @unionhall/verifier: checks a published Unionhall election record with nothing but the
 * record. The command is `unionhall-verify RECORD [--workers N] [--quiet]`.
 */
export {
  type ElectionRecord,
  parseRecord,
  RecordFormatError,
  type VerifyOptions,
  type VerifyProgress,
  type VerifyResult,
  verifyRecord,
  verifyRecordReference,
} from '@unionhall/election-crypto';
export { readRecordFile, verifyRecordParallel } from '@unionhall/election-crypto/node';
export { formatResults, main, parseArgs } from './run.js';
