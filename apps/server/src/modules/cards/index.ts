/** Public API of the cards module: the e-member card (电子会员卡) and its public verification. */
export { cardsRoutes } from './cards.routes.js';
export { cardsJobs, revokeEndedMemberships } from './cards.service.js';
