/** Distinct client addresses, so per-address rate limits of one test do not leak into the next. */
let counter = 0;

/** A fresh address in 198.18.0.0/15 (reserved for benchmarking), unique within the test file. */
export function uniqueIp(): string {
  counter++;
  return `198.18.${Math.floor(counter / 250) % 250}.${(counter % 250) + 1}`;
}
