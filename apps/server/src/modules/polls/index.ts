/** Public API of the polls module (docs/polls.md): non-binding polls and surveys. */
export { pollsRoutes } from './polls.routes.js';
export { countIrv, type IrvResult } from './polls.irv.js';
export { countStv, type StvResult } from './polls.stv.js';
