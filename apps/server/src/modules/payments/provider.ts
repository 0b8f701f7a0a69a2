/**
 * The seam to a payment platform: one file per platform implements PaymentProvider — WeChat Pay API
 * v3 (wechatpay.ts), Alipay (alipay.ts), and the sandbox (sandbox.ts), which behaves like WeChat Pay
 * v3 for development and tests. Amounts are integer fen everywhere.
 */
export type ProviderName = 'sandbox' | 'wechat' | 'alipay';

export type CreateOrderInput = {
  outTradeNo: string;
  amountFen: number;
  description: string;
  /** Absolute URL the platform POSTs its signed notifications to. */
  notifyUrl: string;
  /** Order expiry (the platform refuses payment after it). */
  expiresAt: Date;
};

/** Native (scan-to-pay) order: the QR code shows `codeUrl`. */
export type CreatedOrder = { prepayId: string; codeUrl: string };

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'REFUND' | 'CLOSED';

/** A payment as the platform reports it (notification or query). */
export type PaidTransaction = {
  outTradeNo: string;
  transactionId: string;
  tradeState: TradeState;
  /** The order total the platform charged, in fen. */
  totalFen: number;
  successTime: Date | null;
};

export type RefundResult = {
  outRefundNo: string;
  refundId: string;
  status: 'SUCCESS' | 'PROCESSING' | 'ABNORMAL' | 'CLOSED';
  amountFen: number;
};

/** The raw HTTP request of an asynchronous notification: verified before anything in it is trusted. */
export type RawNotification = { headers: Record<string, string | string[] | undefined>; body: string };

export type VerifiedNotification =
  | { kind: 'transaction'; notificationId: string; txn: PaidTransaction }
  | { kind: 'refund'; notificationId: string; refund: RefundResult & { outTradeNo: string } };

export interface PaymentProvider {
  readonly name: ProviderName;
  createOrder(input: CreateOrderInput): Promise<CreatedOrder>;
  /**
   * Verifies signature, certificate serial and timestamp window, then decrypts the resource.
   * @throws AppError payment.invalid_signature (401) or payment.invalid_notification (400).
   */
  verifyNotification(raw: RawNotification, now: Date): Promise<VerifiedNotification>;
  /** The platform's view of an order (reconciles a missed notification); undefined if unknown. */
  queryOrder(outTradeNo: string): Promise<PaidTransaction | undefined>;
  refund(input: {
    outTradeNo: string;
    outRefundNo: string;
    amountFen: number;
    totalFen: number;
    reason: string;
  }): Promise<RefundResult>;
}
