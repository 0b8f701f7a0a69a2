import { type Kysely, sql } from 'kysely';

/**
 * Online payment of dues: orders (one member, the periods and amount they pay, the provider's
 * prepay id and transaction id), refunds, and the local sandbox provider's own state (its signing key
 * and its view of the orders, as a real payment platform would hold them). A transaction id and a
 * refund id are unique, so a replayed or duplicated notification can never be applied twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE payment_orders (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      out_trade_no text NOT NULL UNIQUE CHECK (out_trade_no ~ '^[A-Za-z0-9_-]{6,32}$'),
      member_id uuid NOT NULL REFERENCES members(id),
      union_id uuid NOT NULL REFERENCES orgs(id),
      org_id uuid NOT NULL REFERENCES orgs(id),
      provider text NOT NULL CHECK (provider IN ('sandbox', 'wechat', 'alipay')),
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      periods text[] NOT NULL,
      description text NOT NULL,
      state text NOT NULL CHECK (state IN ('pending', 'paid', 'amount_mismatch', 'refunded', 'closed')),
      prepay_id text,
      code_url text,
      transaction_id text UNIQUE,
      paid_amount_fen bigint,
      paid_at timestamptz,
      ledger_reference text UNIQUE,
      ledger_entry_id text,
      refunded_fen bigint NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0),
      receipt_code text NOT NULL UNIQUE,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      last_queried_at timestamptz
    );
    CREATE INDEX payment_orders_member ON payment_orders (member_id, created_at DESC);
    CREATE INDEX payment_orders_org ON payment_orders (org_id, created_at DESC);
    CREATE INDEX payment_orders_pending ON payment_orders (created_at) WHERE state = 'pending';

    CREATE TABLE payment_refunds (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      order_id uuid NOT NULL REFERENCES payment_orders(id),
      out_refund_no text NOT NULL UNIQUE,
      refund_id text UNIQUE,
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      reason text NOT NULL,
      state text NOT NULL CHECK (state IN ('processing', 'success', 'failed')),
      ledger_entry_id text,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL,
      succeeded_at timestamptz
    );
    CREATE INDEX payment_refunds_order ON payment_refunds (order_id);

    -- The sandbox provider's side: a stand-in for the payment platform, never used in production.
    CREATE TABLE payment_sandbox_keys (
      id int PRIMARY KEY CHECK (id = 1),
      serial text NOT NULL,
      private_key_enc bytea NOT NULL,
      public_key_pem text NOT NULL,
      api_v3_key_enc bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE payment_sandbox_txns (
      out_trade_no text PRIMARY KEY,
      prepay_id text NOT NULL UNIQUE,
      amount_fen bigint NOT NULL,
      description text NOT NULL,
      notify_url text NOT NULL,
      trade_state text NOT NULL CHECK (trade_state IN ('NOTPAY', 'SUCCESS', 'REFUND', 'CLOSED')),
      transaction_id text UNIQUE,
      payer_total_fen bigint,
      success_time timestamptz,
      refunds jsonb NOT NULL DEFAULT '[]',
      created_at timestamptz NOT NULL
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
