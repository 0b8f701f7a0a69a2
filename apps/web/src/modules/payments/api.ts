/** Queries and mutations of the payments module (/api/my/payments, /api/payments, the sandbox). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api/client';

export type OrderState = 'pending' | 'paid' | 'amount_mismatch' | 'refunded' | 'closed';
export interface Order {
  id: string;
  outTradeNo: string;
  memberId: string;
  memberName: string;
  memberNo: string;
  unionName: string;
  provider: string;
  amountFen: number;
  periods: string[];
  state: OrderState;
  codeUrl: string | null;
  transactionId: string | null;
  paidAmountFen: number | null;
  paidAt: string | null;
  refundedFen: number;
  createdAt: string;
  refunds: {
    id: string;
    outRefundNo: string;
    amountFen: number;
    reason: string;
    state: string;
    createdAt: string;
  }[];
}
export interface SandboxOrder {
  prepayId: string;
  outTradeNo: string;
  amountFen: number;
  description: string;
  tradeState: string;
  codeUrl: string;
}

/** 1234 fen -> "12.34" (integer arithmetic only). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

export const prepayIdOf = (o: Pick<Order, 'codeUrl'>) => o.codeUrl?.split('/').pop() ?? '';

export function useCreateOrder() {
  return useMutation({
    mutationFn: (periods?: string[]) => api.post<Order>('/my/payments/orders', periods ? { periods } : {}),
  });
}

/** One of my orders; polled every 2 s while it is pending. */
export function useMyOrder(id: string) {
  return useQuery({
    queryKey: ['payments', 'my', id],
    queryFn: () => api.get<Order>(`/my/payments/orders/${id}`),
    refetchInterval: (q) => (q.state.data?.state === 'pending' ? 2000 : false),
  });
}

export function useMyOrders() {
  return useQuery({
    queryKey: ['payments', 'my'],
    queryFn: () => api.get<{ items: Order[] }>('/my/payments/orders'),
  });
}

export function useOrders(q: { state?: string; page: number }) {
  return useQuery({
    queryKey: ['payments', 'orders', q],
    queryFn: () =>
      api.get<{ items: Order[]; total: number; page: number; pageSize: number }>('/payments/orders', {
        query: { ...q, pageSize: 20 },
      }),
  });
}

export function useRefund() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; amountFen: number; reason: string }) =>
      api.post<Order>(`/payments/orders/${v.id}/refund`, { amountFen: v.amountFen, reason: v.reason }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['payments', 'orders'] }),
  });
}

export function useQueryOrder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<{ outcome: string; order: Order }>(`/payments/orders/${id}/query`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['payments', 'orders'] }),
  });
}

export function useSandboxOrder(prepayId: string) {
  return useQuery({
    queryKey: ['payments', 'sandbox', prepayId],
    queryFn: () => api.get<SandboxOrder>(`/payments/sandbox/${prepayId}`, { redirectOn401: false }),
  });
}

export function useSandboxPay(prepayId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (totalFen?: number) =>
      api.post<{ tradeState: string; notifyStatus: number }>(
        `/payments/sandbox/${prepayId}/pay`,
        totalFen ? { totalFen } : {},
        { redirectOn401: false },
      ),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['payments', 'sandbox', prepayId] }),
  });
}
