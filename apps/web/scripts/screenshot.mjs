#!/usr/bin/env node
// Screenshots of every page in zh-CN and en, at desktop (1280x800) and phone (390x844) sizes,
// against the mock API in mock-server.mjs. Uses the system Chromium; never downloads a browser.
//
//   node apps/web/scripts/screenshot.mjs [name-filter]
//
// It builds the SPA into a private temporary directory first (so a concurrent `npm run build`
// rewriting apps/web/dist cannot break a run); set UH_WEB_DIST to screenshot an existing build.
// Output: /tmp/uh-shots/<name>.<lang>.<desktop|phone>.png (override with UH_SHOTS_DIR).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { startMockServer } from './mock-server.mjs';
import { shots } from './shots.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.env.UH_SHOTS_DIR ?? '/tmp/uh-shots';
const filter = process.argv[2];
const viewports = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
};

await mkdir(outDir, { recursive: true });
let distDir = process.env.UH_WEB_DIST;
const ownDist = !distDir;
if (!distDir) {
  distDir = await mkdtemp(join(tmpdir(), 'uh-web-dist-'));
  await build({ root: join(here, '..'), logLevel: 'warn', build: { outDir: distDir, emptyOutDir: true } });
}
const server = await startMockServer(distDir);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

const problems = [];
let count = 0;

/** One screenshot: a fresh context per language and size, so state never leaks between shots. */
async function capture(shot, lang, vpName, viewport) {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    isMobile: vpName === 'phone',
    hasTouch: vpName === 'phone',
    locale: lang,
    extraHTTPHeaders: { 'x-mock-scenario': shot.scenario },
  });
  await context.addInitScript((l) => localStorage.setItem('uh.lang', l), lang);
  const page = await context.newPage();
  const tag = `${shot.name}.${lang}.${vpName}`;
  page.on('console', (msg) => {
    // 401 from /api/me (signed out) and the 401/429 the login shots provoke are expected.
    if (/Failed to load resource: .* (401|429)/.test(msg.text())) return;
    if (msg.type() === 'error' || msg.type() === 'warning')
      problems.push(`${tag} console.${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`${tag} pageerror: ${err.message}`));
  try {
    await page.goto(server.url + shot.path, { waitUntil: 'networkidle' });
    if (shot.act) await shot.act(page, { phone: vpName === 'phone', lang });
    await page.waitForLoadState('networkidle');
    // Under load a lazy chunk can still be on its way after networkidle: wait for spinners to go.
    await page
      .waitForFunction(() => !document.querySelector('.ant-spin-spinning'), null, { timeout: 15_000 })
      .catch(() => problems.push(`${tag} still loading after 15 s`));
    await page.waitForTimeout(450);
    const htmlLang = await page.evaluate(() => document.documentElement.lang);
    const expectLang = shot.expectLang?.(lang) ?? lang;
    if (htmlLang !== expectLang) problems.push(`${tag} <html lang="${htmlLang}">, expected ${expectLang}`);
    const href = await page.evaluate(() => window.location.href);
    if (href.includes('#')) problems.push(`${tag} URL still has a #fragment: ${href}`);
    if (vpName === 'phone') {
      // Like e2e/02: nothing may stick out sideways on a 390 px screen.
      const overflow = await page.evaluate(() => {
        const doc = document.documentElement;
        return Math.max(doc.scrollWidth, document.body.scrollWidth) - doc.clientWidth;
      });
      if (overflow > 0) problems.push(`${tag} overflows sideways by ${overflow}px`);
    }
    await page.screenshot({ path: join(outDir, `${tag}.png`), fullPage: shot.fullPage ?? true });
    count++;
  } catch (e) {
    problems.push(`${tag} FAILED: ${e.message.split('\n')[0]}`);
    await page.screenshot({ path: join(outDir, `${tag}.FAILED.png`), fullPage: true }).catch(() => {});
  }
  await context.close();
}

try {
  for (const shot of shots.filter((s) => !filter || s.name.includes(filter))) {
    const jobs = [];
    for (const lang of ['zh-CN', 'en']) {
      for (const [vpName, viewport] of Object.entries(viewports))
        jobs.push(capture(shot, lang, vpName, viewport));
    }
    await Promise.all(jobs);
  }
} finally {
  await browser.close();
  await server.close();
  if (ownDist) await rm(distDir, { recursive: true, force: true });
}
console.log(`${count} screenshots in ${outDir}`);
if (problems.length) {
  console.log(`${problems.length} problems:`);
  for (const p of problems) console.log(`  ${p}`);
  process.exitCode = 1;
}
