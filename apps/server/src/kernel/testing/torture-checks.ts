/**
 * The checks of the kill -9 torture (kernel/db/durability.test.ts): what the writers acknowledged, and
 * the invariants of the dues ledger and of the ballots, each as a list of what is wrong.
 */
import { getMemberDues } from '../../modules/dues/index.js';
import { electionsRepo } from '../../modules/elections/elections.repo.js';
import type { Database } from '../db/pool.js';
import { type TortureJob, torturePeriod } from './torture-job.js';

/** What the writers acknowledged, filled from their `ack` lines. */
export function newAcked() {
  return {
    audit: new Set<string>(),
    ballot: new Set<string>(),
    online: new Set<string>(),
    schedule: new Set<number>(),
    cash: new Set<string>(),
    payroll: new Map<string, number>(),
    maxVoter: -1,
    count: 0,
    bad: [] as string[],
  };
}
export type Acked = ReturnType<typeof newAcked>;

/** Records one line of a writer's output (`ack {...}` or `bad {...}`). */
export function recordLine(acked: Acked, line: string): void {
  if (line.startsWith('bad ')) acked.bad.push(line.slice(4));
  if (!line.startsWith('ack ')) return;
  const a = JSON.parse(line.slice(4)) as Record<string, string & number>;
  acked.count++;
  if (a.k === 'audit') acked.audit.add(a.key);
  else if (a.k === 'ballot') {
    acked.ballot.add(a.code);
    acked.maxVoter = Math.max(acked.maxVoter, a.voter);
  } else if (a.k === 'online') acked.online.add(a.order);
  else if (a.k === 'schedule') acked.schedule.add(a.period);
  else if (a.k === 'cash') acked.cash.add(a.reference);
  else if (a.k === 'payroll') acked.payroll.set(a.id, a.booked);
}

/** The invariants of the dues ledger, as a list of what is wrong. */
export async function ledgerProblems(
  db: Database,
  payers: TortureJob['payers'],
  acked: Acked,
): Promise<string[]> {
  const problems: string[] = [];
  const ledger = await db.selectFrom('dues_ledger').selectAll().execute();
  const byId = new Map(ledger.map((e) => [e.id, e]));
  const byRef = new Map(ledger.filter((e) => e.reference).map((e) => [e.reference!, e]));
  const orders = await db.selectFrom('payment_orders').selectAll().execute();
  const schedule = await db.selectFrom('dues_schedule').selectAll().execute();
  const imports = await db.selectFrom('dues_payroll_imports').select(['id', 'applied', 'summary']).execute();
  const audits = await db
    .selectFrom('audit_log')
    .select(['action', 'target_id', 'details'])
    .where('action', 'in', ['payment.paid', 'dues.payment_recorded', 'dues.payroll_applied'])
    .execute();
  const details = (a: (typeof audits)[number]) => a.details as Record<string, unknown>;

  // Online payments: each paid order has exactly its ledger payment, and each online payment its order.
  const paid = orders.filter((o) => o.state === 'paid');
  for (const id of acked.online)
    if (!paid.some((o) => o.id === id)) problems.push(`acknowledged online payment ${id} not settled`);
  for (const o of paid) {
    const e = o.ledger_entry_id ? byId.get(o.ledger_entry_id) : undefined;
    if (
      e?.kind !== 'payment' ||
      e.source !== 'online' ||
      e.member_id !== o.member_id ||
      e.amount_fen !== -Number(o.paid_amount_fen) ||
      e.reference !== o.ledger_reference ||
      o.ledger_reference !== `sandbox:${o.transaction_id}`
    )
      problems.push(`paid order ${o.id} without its ledger payment`);
  }
  const online = ledger.filter((e) => e.source === 'online');
  const settledBy = new Map<string, number>();
  for (const o of paid) settledBy.set(o.ledger_entry_id!, (settledBy.get(o.ledger_entry_id!) ?? 0) + 1);
  for (const e of online)
    if (settledBy.get(e.id) !== 1)
      problems.push(`online payment ${e.id} settles ${settledBy.get(e.id) ?? 0} orders`);
  const platformPaid = await db
    .selectFrom('payment_sandbox_txns')
    .select('out_trade_no')
    .where('trade_state', '=', 'SUCCESS')
    .execute();
  const paidNos = new Set(paid.map((o) => o.out_trade_no));
  for (const t of platformPaid)
    if (!paidNos.has(t.out_trade_no))
      problems.push(`payment taken by the platform, order ${t.out_trade_no} not settled`);

  // The schedule: each row has exactly its charge and exemption entries; no entry without its row.
  const rows = new Map(schedule.map((s) => [`${s.member_id}|${s.period}`, s]));
  const periodEntries = new Map<string, typeof ledger>();
  for (const e of ledger.filter((x) => x.kind === 'charge' || x.kind === 'exemption')) {
    const k = `${e.member_id}|${e.period}`;
    periodEntries.set(k, [...(periodEntries.get(k) ?? []), e]);
    if (!rows.has(k)) problems.push(`${e.kind} ${e.id} without its schedule row`);
  }
  for (const [k, s] of rows) {
    const es = periodEntries.get(k) ?? [];
    const charges = es.filter((e) => e.kind === 'charge').map((e) => e.amount_fen);
    const exemptions = es.filter((e) => e.kind === 'exemption').map((e) => e.amount_fen);
    if (
      JSON.stringify(charges) !== JSON.stringify(s.gross_fen > 0 ? [s.gross_fen] : []) ||
      JSON.stringify(exemptions) !== JSON.stringify(s.due_fen < s.gross_fen ? [s.due_fen - s.gross_fen] : [])
    )
      problems.push(`schedule ${k} due ${s.due_fen} booked as ${JSON.stringify({ charges, exemptions })}`);
  }
  for (const i of acked.schedule)
    for (const p of payers)
      if (!rows.has(`${p.memberId}|${torturePeriod(i)}`))
        problems.push(`acknowledged month ${torturePeriod(i)} not scheduled for ${p.memberId}`);

  // Payroll: the imports' booked counts add up to the payroll payments, each for its month's due.
  const importById = new Map(imports.map((r) => [r.id, r]));
  const bookedOf = (r: (typeof imports)[number]) => Number((r.summary as { booked: number }).booked);
  for (const [id, booked] of acked.payroll) {
    const r = importById.get(id);
    if (!r?.applied || bookedOf(r) !== booked) problems.push(`acknowledged payroll import ${id} missing`);
  }
  const payroll = ledger.filter((e) => e.source === 'payroll');
  const booked = imports.filter((r) => r.applied).reduce((s, r) => s + bookedOf(r), 0);
  if (booked !== payroll.length)
    problems.push(`payroll imports booked ${booked}, ledger holds ${payroll.length}`);
  for (const e of payroll) {
    const [, member, period] = e.reference!.split(':');
    const s = rows.get(`${member}|${period}`);
    if (member !== e.member_id || !s || e.amount_fen !== -s.due_fen)
      problems.push(`payroll payment ${e.reference} is not its month's due`);
  }

  // Each payment has its audit row (same transaction), and each such audit row its payment.
  for (const ref of acked.cash)
    if (!byRef.has(ref)) problems.push(`acknowledged cash payment ${ref} missing`);
  const cash = ledger.filter((e) => e.source === 'cash');
  const cashAudits = new Map(
    audits.filter((a) => a.action === 'dues.payment_recorded').map((a) => [String(details(a).entryId), a]),
  );
  for (const e of cash)
    if (Number(details(cashAudits.get(e.id) ?? ({ details: {} } as never)).amountFen) !== -e.amount_fen)
      problems.push(`cash payment ${e.id} without its audit row`);
  const paidAudits = new Set(
    audits.filter((a) => a.action === 'payment.paid').map((a) => String(details(a).ledgerEntryId)),
  );
  for (const e of online)
    if (!paidAudits.has(e.id)) problems.push(`online payment ${e.id} without its audit row`);
  for (const id of [...cashAudits.keys(), ...paidAudits])
    if (!byId.has(id)) problems.push(`audited payment ${id} missing from the ledger`);
  const importAudits = audits.filter((a) => a.action === 'dues.payroll_applied');
  for (const r of imports.filter((x) => x.applied))
    if (!importAudits.some((a) => a.target_id === r.id && Number(details(a).booked) === bookedOf(r)))
      problems.push(`payroll import ${r.id} without its audit row`);
  for (const a of importAudits)
    if (!importById.has(a.target_id!)) problems.push(`audited payroll import ${a.target_id} missing`);

  // Ledger sums: the balance the product computes = dues scheduled - payments, from other records.
  for (const p of payers) {
    const due = schedule.filter((s) => s.member_id === p.memberId).reduce((s, r) => s + r.due_fen, 0);
    const viaOrders = paid
      .filter((o) => o.member_id === p.memberId)
      .reduce((s, o) => s + Number(o.paid_amount_fen), 0);
    const viaPayroll = payroll
      .filter((e) => e.member_id === p.memberId)
      .reduce((s, e) => s + (rows.get(`${p.memberId}|${e.reference!.split(':')[2]}`)?.due_fen ?? 0), 0);
    const viaCash = cash
      .filter((e) => e.member_id === p.memberId)
      .reduce(
        (s, e) => s + Number(details(cashAudits.get(e.id) ?? ({ details: {} } as never)).amountFen ?? 0),
        0,
      );
    const { balanceFen } = await getMemberDues(db, p.memberId);
    const expected = due - viaOrders - viaPayroll - viaCash;
    if (balanceFen !== expected)
      problems.push(
        `balance of ${p.memberId} is ${balanceFen}, expected ${expected} = due ${due} - online ${viaOrders} - payroll ${viaPayroll} - cash ${viaCash}`,
      );
  }
  return problems;
}

/** The invariants of the ballots (before closing), as a list of what is wrong. */
export async function ballotProblems(db: Database, electionId: string, acked: Acked): Promise<string[]> {
  const problems: string[] = [];
  const codes = new Set((await electionsRepo(db).trackingCodes(electionId)).map((b) => b.tracking_code));
  for (const c of acked.ballot) if (!codes.has(c)) problems.push(`acknowledged ballot ${c} missing`);
  const counts = await electionsRepo(db).counts(electionId);
  if (counts.ballots !== counts.voted)
    problems.push(`${counts.ballots} ballots, ${counts.voted} voters marked`);
  const votedUsers = await db
    .selectFrom('election_votes_cast as c')
    .innerJoin('election_voters as v', (j) =>
      j.onRef('v.election_id', '=', 'c.election_id').onRef('v.member_id', '=', 'c.member_id'),
    )
    .where('c.election_id', '=', electionId)
    .select('v.user_id')
    .execute();
  const notified = await db
    .selectFrom('notifications')
    .where('template', '=', 'election_ballot_cast')
    .where('link', '=', `/my/elections/${electionId}/board`)
    .select('user_id')
    .execute();
  const want = votedUsers.map((v) => v.user_id).sort();
  const got = notified.map((n) => n.user_id).sort();
  if (JSON.stringify(want) !== JSON.stringify(got))
    problems.push(`${want.length} voters marked, ${got.length} tracking-code notifications`);
  return problems;
}
