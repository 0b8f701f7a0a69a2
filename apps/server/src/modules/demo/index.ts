/** Public API of the demo module. */
export { DEMO_PASSWORDS, type DemoResult, planDemo, seedDemo } from './demo.seed.js';
