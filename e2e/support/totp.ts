/**
 * TOTP codes for the journeys. The server refuses a time step at or below the last one it accepted
 * for the same user, and accepts a code one step either side of its clock (drift). So a second
 * sign-in within the same 30-second step uses the next step's code, as a phone whose clock runs a
 * little ahead would; only a third one within one step waits (for the next step to begin).
 */
import { Secret, TOTP } from 'otpauth';

const STEP_MS = 30_000;

export type Totp = { code: string; step: number };

/** Keeps only base32 characters (the page groups the secret in blocks of four). */
export function cleanSecret(shown: string): string {
  return shown.replace(/[^A-Za-z2-7]/g, '').toUpperCase();
}

/** A code for a step after `lastStep` that the server accepts now, waiting only when none is left. */
export async function freshTotp(secret: string, lastStep = 0): Promise<Totp> {
  const now = Math.floor(Date.now() / STEP_MS);
  const step = lastStep < now ? now : lastStep + 1;
  // `step` is accepted while the server's clock is in step - 1, step or step + 1
  if (now < step - 1) {
    const wait = (step - 1) * STEP_MS - Date.now() + 300;
    await new Promise((r) => setTimeout(r, Math.max(0, wait)));
  }
  const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: step * STEP_MS + 1000 });
  return { code, step };
}
