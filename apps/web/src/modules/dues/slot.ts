/**
 * The pay-button slot on the member's dues page. The payments module fills it, either by passing
 * `PayDuesButtonSlot` to <MyDuesPage> in the router or by setting `payDuesSlot.PayButton` once at
 * start-up. After a payment it calls `onPaid`, which refreshes the ['dues', 'my'] query.
 */
import type { ComponentType } from 'react';

export type PayDuesButtonSlotProps = {
  /** What the member owes now, in fen (0 when paid up). */
  owedFen: number;
  memberId: string;
  /** Open periods (oldest first) with what is still due in each. */
  openPeriods: { period: string; dueFen: number; paidFen: number }[];
  onPaid: () => void;
};

export const payDuesSlot: { PayButton?: ComponentType<PayDuesButtonSlotProps> } = {};
