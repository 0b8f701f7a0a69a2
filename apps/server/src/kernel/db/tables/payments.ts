import type { ColumnType, Generated } from 'kysely';
import type { DateColumn, DefaultTimestamp, Timestamp } from './common.js';

/** bigint columns of amounts in fen: read as string by pg, written as number. */
type Fen = ColumnType<string, number | string, number | string>;

// ---- payments module (0045_payments) ----
export interface PaymentOrdersTable {
  id: Generated<string>;
  out_trade_no: string;
  member_id: string;
  union_id: string;
  org_id: string;
  provider: string;
  amount_fen: Fen;
  periods: string[];
  description: string;
  state: string;
  prepay_id: string | null;
  code_url: string | null;
  transaction_id: string | null;
  paid_amount_fen: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  paid_at: Timestamp | null;
  ledger_reference: string | null;
  ledger_entry_id: string | null;
  refunded_fen: ColumnType<string, number | string | undefined, number | string>;
  receipt_code: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_queried_at: Timestamp | null;
}

export interface PaymentRefundsTable {
  id: Generated<string>;
  order_id: string;
  out_refund_no: string;
  refund_id: string | null;
  amount_fen: Fen;
  reason: string;
  state: string;
  ledger_entry_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  succeeded_at: Timestamp | null;
}

export interface PaymentSandboxKeysTable {
  id: number;
  serial: string;
  private_key_enc: Buffer;
  public_key_pem: string;
  api_v3_key_enc: Buffer;
  created_at: DefaultTimestamp;
}

export type SandboxRefund = { outRefundNo: string; refundId: string; amountFen: number; at: string };

export interface PaymentSandboxTxnsTable {
  out_trade_no: string;
  prepay_id: string;
  amount_fen: Fen;
  description: string;
  notify_url: string;
  trade_state: string;
  transaction_id: string | null;
  payer_total_fen: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  success_time: Timestamp | null;
  refunds: ColumnType<SandboxRefund[], string | undefined, string>;
  created_at: Timestamp;
}

// ---- cards module (0046_cards) ----
export interface MemberCardsTable {
  id: Generated<string>;
  member_id: string;
  union_id: string;
  org_id: string;
  valid_until: DateColumn;
  issued_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}
