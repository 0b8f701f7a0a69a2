/** Public API of the payments module: online payment of dues, refunds, PDF receipts. */
export { paymentsRoutes } from './payments.routes.js';
export { paymentsJobs, reconcilePendingOrders } from './officer.service.js';
export { capitalAmount, yuan } from './amount-words.js';
export { maskName } from './receipt.service.js';
export { fontBytes, splitRuns } from './cjk-font.js';
export type { PaymentProvider } from './provider.js';
export { loadPaymentSettings, type PaymentSettings, providerNames } from './payment-config.js';
