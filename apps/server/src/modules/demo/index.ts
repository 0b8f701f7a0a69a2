/** Public API of the demo module. */
export { seedDemo } from './demo.seed.js';
