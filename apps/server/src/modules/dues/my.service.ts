/** The member's own dues (/my/dues): only the record linked to the signed-in account. */
import type { Actor } from '../../kernel/auth/actor.js';
import type { Deps } from '../../kernel/deps.js';
import { AppError } from '../../kernel/http/errors.js';
import { memberOfUser } from '../members/index.js';
import { summarize } from './dues.calc.js';
import { ledgerRepo } from './ledger.repo.js';
import { entryView } from './officer.service.js';

export async function myDues(deps: Deps, actor: Actor) {
  const m = await memberOfUser(deps.db, actor.userId);
  if (!m) throw new AppError('dues.no_member_record');
  const repo = ledgerRepo(deps.db);
  const s = summarize(await repo.entries(m.id));
  return {
    memberId: m.id,
    status: m.status,
    balanceFen: s.balanceFen,
    owedFen: s.owedFen,
    periods: s.periods,
    entries: (await repo.history(m.id, 100)).map(entryView),
  };
}
