/**
 * Node-only entry of @unionhall/election-crypto: worker-thread simulation and verification,
 * and record files. Import from '@unionhall/election-crypto/node'.
 */
export { defaultWorkerCount, startModuleWorker, WorkerPool } from './pool.js';
export {
  simulateElectionParallel,
  verifyBallotsParallel,
  verifyRecordParallel,
  workerRunner,
} from './parallel.js';
export { parseLargeRecord, readRecordFile, writeRecordFile } from './record-file.js';
export { useNativeHashes } from './native-hash.js';
