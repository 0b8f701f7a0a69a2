/** SQL of the sandbox payment platform (its keys and its own record of orders). */
import type { Database } from '../../kernel/db/pool.js';
import type { SandboxRefund } from '../../kernel/db/types.js';

export function sandboxRepo(db: Database) {
  return {
    keys: () => db.selectFrom('payment_sandbox_keys').selectAll().where('id', '=', 1).executeTakeFirst(),
    insertKeys: (v: {
      serial: string;
      private_key_enc: Buffer;
      public_key_pem: string;
      api_v3_key_enc: Buffer;
    }) =>
      db
        .insertInto('payment_sandbox_keys')
        .values({ id: 1, ...v })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute(),
    insertTxn: (v: {
      out_trade_no: string;
      prepay_id: string;
      amount_fen: number;
      description: string;
      notify_url: string;
      created_at: Date;
    }) =>
      db
        .insertInto('payment_sandbox_txns')
        .values({ ...v, trade_state: 'NOTPAY' })
        .onConflict((oc) => oc.column('out_trade_no').doNothing())
        .execute(),
    byOutTradeNo: (outTradeNo: string) =>
      db
        .selectFrom('payment_sandbox_txns')
        .selectAll()
        .where('out_trade_no', '=', outTradeNo)
        .executeTakeFirst(),
    byPrepayId: (prepayId: string) =>
      db.selectFrom('payment_sandbox_txns').selectAll().where('prepay_id', '=', prepayId).executeTakeFirst(),
    markPaid: (
      prepayId: string,
      v: { transaction_id: string; payer_total_fen: number; success_time: Date },
    ) =>
      db
        .updateTable('payment_sandbox_txns')
        .set({ ...v, trade_state: 'SUCCESS' })
        .where('prepay_id', '=', prepayId)
        .where('trade_state', '=', 'NOTPAY')
        .returningAll()
        .executeTakeFirst(),
    setRefunds: (outTradeNo: string, refunds: SandboxRefund[]) =>
      db
        .updateTable('payment_sandbox_txns')
        .set({ refunds: JSON.stringify(refunds), trade_state: 'REFUND' })
        .where('out_trade_no', '=', outTradeNo)
        .execute(),
  };
}
