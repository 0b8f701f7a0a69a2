/** Public surface of the payments web module: lazy pages, the dues pay-button, translations. */
import { lazy } from 'react';

export const PayOrderPage = lazy(() => import('./pages/PayOrderPage'));
export const SandboxPayPage = lazy(() => import('./pages/SandboxPayPage'));
export const PaymentsConsolePage = lazy(() => import('./pages/PaymentsConsolePage'));
export { PayDuesButton } from './PayDuesButton';
export { paymentsEn, paymentsZhCN } from './i18n';

// Fill the pay-button slot of the member's dues page (modules/dues/slot.ts).
import { payDuesSlot } from '../dues';
import { PayDuesButton as Button } from './PayDuesButton';

payDuesSlot.PayButton = Button;
