// Playwright journeys in Debian's Chromium (never a downloaded browser). Run them through
// `npm run test:e2e` (scripts/e2e.mjs), which builds, starts a fresh server and passes its address in
// E2E_BASE_URL and its one-time setup link in E2E_SETUP_LINK.
import { defineConfig } from '@playwright/test';

const jsonReport = process.env.E2E_JSON_REPORT ?? 'test-results/e2e-report.json';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/artifacts',
  // Journeys share one server and one database; run them one after another.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  // In CI a journey that fails is run once more and reported as FLAKY (with its first error) when the
  // second run passes: a 2-core machine shared with the PostgreSQL 15 suite has slow moments. Locally a
  // failure is a failure.
  retries: process.env.CI ? 1 : 0,
  // Officer journeys wait for fresh TOTP steps (up to 30 s each), so give them room.
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: jsonReport }]],
  use: {
    baseURL: process.env.E2E_BASE_URL ?? 'http://localhost:3000',
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
});
