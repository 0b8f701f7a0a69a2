/** Named screenshots of key steps in test-results/screens/ (looked at by a person after a run). */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

const results = path.resolve(import.meta.dirname, '../../test-results');
const dir = path.join(results, 'screens');

export async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/**
 * A `snap` that also keeps a copy in test-results/screens-<journey>/, which the next journey's run
 * does not wipe.
 */
export function snapKeeping(journey: string): (page: Page, name: string) => Promise<void> {
  const own = path.join(results, `screens-${journey}`);
  return async (page, name) => {
    await snap(page, name);
    mkdirSync(own, { recursive: true });
    await page.screenshot({ path: path.join(own, `${name}.png`), fullPage: true, animations: 'disabled' });
  };
}
