/** `unionhall audit verify`: walks the hash-chained audit log and reports the first broken row. */
import { type VerifyResult, verifyAuditChain } from '../kernel/audit/audit.js';
import type { Deps } from '../kernel/deps.js';
import { withDeps } from './context.js';
import { type Command, parseOptions } from './io.js';

export type AuditVerification = VerifyResult;

/**
 * Verifies the whole chain; on success also returns the hash of the last verified row (the value to
 * note down or publish: a later run that reaches it proves nothing before it changed).
 */
export async function verifyAudit(
  deps: Deps,
  onProgress?: (checked: number) => void,
): Promise<AuditVerification> {
  return verifyAuditChain(deps.db, onProgress);
}

/** The line printed for a result. */
export function formatVerification(r: AuditVerification): string {
  return r.ok
    ? `OK: ${r.checked} rows, head hash ${r.headHash ?? '(empty log)'}`
    : `FAILED at seq ${r.firstBadSeq}: ${r.reason} (${r.checked} rows before it are intact)`;
}

export const auditVerifyCommand: Command = {
  path: ['audit', 'verify'],
  summary: 'Verify the audit log hash chain',
  help: `Usage: unionhall audit verify

Checks every row of the audit log in order: its hash, its link to the previous row and the
sequence. Prints "OK: N rows, head hash H" (exit 0) or "FAILED at seq S: reason" (exit 1) for a
changed, removed or reordered row. Read-only: it does not migrate the database.
Keep the printed head hash somewhere else (a ticket, a signed e-mail): a later verification that
passes through the same row with the same hash shows that nothing up to it was rewritten.

Options:
  -h, --help`,
  run: async (args, io) => {
    const v = parseOptions(args, {});
    if (v.help) {
      io.out(auditVerifyCommand.help);
      return 0;
    }
    const result = await withDeps(
      io,
      (deps) =>
        verifyAudit(deps, (checked) => io.progress(`Verifying the audit log: ${checked} rows checked...`)),
      { migrate: false },
    );
    io.out(formatVerification(result));
    return result.ok ? 0 : 1;
  },
};
