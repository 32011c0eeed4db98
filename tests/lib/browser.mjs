// browser.mjs — launches Debian's Chromium through playwright-core for tests and benchmarks.
// Never downloads a browser; every flag below keeps Chromium off the network and quiet.
import { readdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';
// A venue's LAN address as a kiosk sees it: a name that is not localhost, over plain HTTP, so
// the page is not a secure context. Chromium maps it to loopback; nothing leaves the machine.
export const LAN_HOST = 'kiosk.test';
export const lanUrl = (loopbackUrl) => loopbackUrl.replace('//127.0.0.1:', `//${LAN_HOST}:`);

// Features switched off. The browser's omnibox popups are web pages of its own
// (chrome://omnibox-popup) that it renders ahead, in a renderer of their own, for each new
// window: some 100 ms of CPU beside a test's page while it loads, in a headless browser that
// never shows them. Chromium keeps only the last --disable-features, and playwright-core
// passes its own before ours (HTTP stays HTTP, paint is not held, ...), so ours repeats its
// names; launchBrowser checks that none is lost.
const DISABLED_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup',
  // playwright-core's
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable', 'LensOverlay', 'MediaRouter', 'PaintHolding',
  'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect', 'TcpPortRandomizationWin',
  'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
  'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion'];
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
              '--disable-background-networking', '--disable-component-update', '--disable-sync',
              `--disable-features=${DISABLED_FEATURES.join(',')}`,
              `--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`];

// Fails if an earlier --disable-features on the browser's command line (read from /proc: the
// browser is this process's child) names a feature that the last one, the one Chromium keeps,
// does not: a playwright-core that switches off more.
function checkDisabledFeatures() {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat, argv;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch { continue; } // gone meanwhile
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid !== process.pid || !argv.some((a) => a.startsWith('--disable-features='))) continue;
    const lists = argv.filter((a) => a.startsWith('--disable-features=')).map((a) => a.slice('--disable-features='.length).split(','));
    const kept = new Set(lists.at(-1));
    const lost = [...new Set(lists.flat())].filter((f) => f && !kept.has(f));
    if (lost.length) throw new Error(`tests/lib/browser.mjs: add ${lost.join(', ')} to DISABLED_FEATURES (Chromium keeps only the last --disable-features)`);
  }
}

// env: variables added to this process's environment for Chromium (e.g. a HOME whose
// ~/.pki/nssdb trusts a venue CA).
export async function launchBrowser(extraArgs = [], { env } = {}) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...ARGS, ...extraArgs],
                                          ...(env ? { env: { ...process.env, ...env } } : {}) });
  try {
    checkDisabledFeatures();
  } catch (err) {
    await browser.close();
    throw err;
  }
  return browser;
}

// The same Chromium with a real profile in userDataDir: one context, not off the record
// (browser.newContext() gives incognito-like contexts, where Chromium never offers to install).
export async function launchWithProfile(userDataDir, { viewport = { width: 1280, height: 800 }, locale = 'en-GB' } = {}) {
  return chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS,
                                                         viewport, locale });
}

// Opens url in a fresh context and collects console errors and page errors.
export async function openPage(browser, url, { viewport = { width: 1280, height: 800 },
                                                deviceScaleFactor = 1, locale = 'en-GB' } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor, locale });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(url);
  return { context, page, errors };
}

// Resolves once the kiosk has drawn its first final frame (no text waiting for a face).
export async function waitForFirstFrame(page, timeout = 20000) {
  await page.waitForFunction(() => (window.parleyFirstFrame || 0) > 0, null, { timeout });
}

// Resolves after the kiosk had the chance to draw what the last input changed.
export async function nextFrame(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

// Resolves once a mirror text field holds `value` (the mirror shows C's value from the next
// frame on), or fails after 5 s saying what it holds.
export const valueIs = (locator, value) => locator.evaluate((el, v) => new Promise((resolve, reject) => {
  const t0 = performance.now();
  (function poll() {
    if (el.value === v) resolve();
    else if (performance.now() - t0 > 5000) reject(new Error(`value is ${JSON.stringify(el.value)}, not ${JSON.stringify(v)}`));
    else requestAnimationFrame(poll);
  })();
}), value);
