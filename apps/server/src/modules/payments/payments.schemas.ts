/** TypeBox schemas of the payments routes. */
import { type Static, Type } from '@sinclair/typebox';
import { PageQuery, Uuid } from '../../kernel/http/schemas.js';

const Fen = Type.Integer({ minimum: 0 });
const Period = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' });

export const OrderView = Type.Object({
  id: Uuid,
  outTradeNo: Type.String(),
  memberId: Uuid,
  memberName: Type.String(),
  memberNo: Type.String(),
  unionName: Type.String(),
  provider: Type.String(),
  amountFen: Fen,
  periods: Type.Array(Type.String()),
  state: Type.String(),
  codeUrl: Type.Union([Type.String(), Type.Null()]),
  transactionId: Type.Union([Type.String(), Type.Null()]),
  paidAmountFen: Type.Union([Fen, Type.Null()]),
  paidAt: Type.Union([Type.String(), Type.Null()]),
  refundedFen: Fen,
  createdAt: Type.String(),
  refunds: Type.Array(
    Type.Object({
      id: Uuid,
      outRefundNo: Type.String(),
      amountFen: Fen,
      reason: Type.String(),
      state: Type.String(),
      createdAt: Type.String(),
    }),
  ),
});

export const CreateOrderBody = Type.Object(
  { periods: Type.Optional(Type.Array(Period, { maxItems: 120, uniqueItems: true })) },
  { additionalProperties: false },
);
export type CreateOrderBody = Static<typeof CreateOrderBody>;

export const MyOrdersReply = Type.Object({ items: Type.Array(OrderView) });

export const OrdersQuery = Type.Object(
  {
    state: Type.Optional(
      Type.Union(['pending', 'paid', 'amount_mismatch', 'refunded', 'closed'].map((s) => Type.Literal(s))),
    ),
    memberId: Type.Optional(Uuid),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type OrdersQuery = Static<typeof OrdersQuery>;

export const OrdersPage = Type.Object({
  items: Type.Array(OrderView),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const RefundBody = Type.Object(
  {
    amountFen: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }),
    reason: Type.String({ minLength: 2, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type RefundBody = Static<typeof RefundBody>;

export const QueryReply = Type.Object({ outcome: Type.String(), order: OrderView });

export const NotifyReply = Type.Object({ code: Type.String(), message: Type.String() });
/** Alipay's expected acknowledgement: the plain text `success`. */
export const NotifyText = Type.String();

export const SandboxParams = Type.Object(
  { prepayId: Type.String({ pattern: '^wx[0-9a-f]{28}$' }) },
  { additionalProperties: false },
);
export type SandboxParams = Static<typeof SandboxParams>;

export const SandboxOrder = Type.Object({
  prepayId: Type.String(),
  outTradeNo: Type.String(),
  amountFen: Fen,
  description: Type.String(),
  tradeState: Type.String(),
  codeUrl: Type.String(),
});

export const SandboxPayBody = Type.Object(
  {
    /** Sandbox only: pay a different total to exercise the amount-mismatch check. */
    totalFen: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_000_000_000 })),
  },
  { additionalProperties: false },
);

export const SandboxPayReply = Type.Object({ tradeState: Type.String(), notifyStatus: Type.Integer() });

export const FileReply = Type.String({ description: 'the PDF receipt, as an attachment' });
