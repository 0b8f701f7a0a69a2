/**
 * TOTP codes for the journeys. The server refuses a time step at or below the last one it accepted
 * for the same user, so a second code for one user waits for the next 30-second step.
 */
import { Secret, TOTP } from 'otpauth';

const STEP_MS = 30_000;

export type Totp = { code: string; step: number };

/** Keeps only base32 characters (the page groups the secret in blocks of four). */
export function cleanSecret(shown: string): string {
  return shown.replace(/[^A-Za-z2-7]/g, '').toUpperCase();
}

/** A code for a step after `lastStep`, waiting for the next step when needed. */
export async function freshTotp(secret: string, lastStep = 0): Promise<Totp> {
  let step = Math.floor(Date.now() / STEP_MS);
  if (step <= lastStep) {
    const wait = (lastStep + 1) * STEP_MS - Date.now() + 300;
    await new Promise((r) => setTimeout(r, Math.max(0, wait)));
    step = Math.floor(Date.now() / STEP_MS);
  }
  const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: step * STEP_MS + 1000 });
  return { code, step };
}
