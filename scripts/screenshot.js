#!/usr/bin/env node
'use strict';
// `node scripts/screenshot.js PAGE.html|URL OUT.png [width]`: a full-page screenshot of a local page
// (or of a URL, e.g. the dashboard) in headless Debian chromium (apt-get install chromium), for docs/.
const path = require('node:path');
const { chromium } = require('playwright-core');

const [page, out, width = '1040'] = process.argv.slice(2);
if (!page || !out) {
  process.stderr.write('usage: node scripts/screenshot.js PAGE.html|URL OUT.png [width]\n');
  process.exit(2);
}
(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.SIPRINT_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const p = await browser.newPage({ viewport: { width: Number(width), height: 800 } });
    await p.goto(/^https?:\/\//.test(page) ? page : `file://${path.resolve(page)}`);
    await p.screenshot({ path: out, fullPage: true });
  } finally {
    await browser.close();
  }
})().catch((err) => {
  process.stderr.write(`screenshot: ${err.message}\n`);
  process.exit(1);
});
