/** What scripts/e2e.mjs hands to the journeys, plus a small shared state directory. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const baseUrl = process.env.E2E_BASE_URL ?? 'http://localhost:3000';
export const setupLink = process.env.E2E_SETUP_LINK ?? '';
const stateDir = process.env.E2E_STATE_DIR ?? path.join(os.tmpdir(), 'unionhall-e2e-state');

/** The setup token from the one-time link `http://.../setup#token=...`. */
export function setupToken(): string {
  const token = new URL(setupLink).hash.replace(/^#token=/, '');
  if (!token) throw new Error('E2E_SETUP_LINK has no #token=; run the journeys through `npm run test:e2e`');
  return token;
}

/** Reads a JSON value saved by an earlier journey of the same run, or undefined. */
export function readState<T>(name: string): T | undefined {
  const file = path.join(stateDir, `${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

export function writeState(name: string, value: unknown): void {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(path.join(stateDir, `${name}.json`), JSON.stringify(value, null, 2));
}
