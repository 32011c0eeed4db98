// install.test.mjs — Parley is installable: a phone adds it to its home screen, a kiosk runs
// it as an app window. Chromium itself judges the page (DevTools Protocol: the manifest it
// parsed and its installability errors) once the service worker controls it; the icons the
// manifest and the page name are real PNGs of the stated sizes, and the service worker keeps
// them so the installed app starts offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startParleyd } from '../lib/parleyd.mjs';
import { launchBrowser, launchWithProfile, waitForFirstFrame } from '../lib/browser.mjs';

const ACCENT = [0x00, 0x5e, 0xa8];
let server = null;
before(async () => { server = await startParleyd(); });
after(async () => { assert.equal(await server?.stop(), 0); });

// Loads Parley and waits until the service worker is active and controls the page.
async function openControlled(context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(server.url);
  await waitForFirstFrame(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', null, { timeout: 10000 });
  return { page, errors, cdp: await context.newCDPSession(page) };
}

// Chromium may need a moment after the worker took over before it judges the page: ask
// again until the answer is the wanted one or the time is up, and return the last answer.
async function installabilityErrors(cdp, wanted, timeoutMs = 10000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    const ids = installabilityErrors.map((e) => e.errorId + (e.errorArguments.length ? ' ' + JSON.stringify(e.errorArguments) : ''));
    if (JSON.stringify(ids) === JSON.stringify(wanted) || Date.now() > until) return ids;
    await new Promise((r) => setTimeout(r, 250));
  }
}

// Width and height from a PNG's IHDR chunk (and its colour type: 2 RGB, 6 RGBA).
function pngHeader(buf) {
  assert.deepEqual([...buf.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(buf.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), colourType: buf[25] };
}

test('Chromium finds Parley installable: a valid manifest, a controlling service worker, no installability errors', async () => {
  const profile = await mkdtemp(join(tmpdir(), 'parley-profile-'));
  const context = await launchWithProfile(profile);
  try {
    const { page, errors, cdp } = await openControlled(context);

    // the page's head: manifest, favicon, Apple icon, theme colour
    const head = await page.evaluate(() => {
      const href = (rel) => document.querySelector(`link[rel="${rel}"]`)?.href ?? null;
      return { manifest: href('manifest'), icon: href('icon'), apple: href('apple-touch-icon'),
               theme: document.querySelector('meta[name="theme-color"]')?.content ?? null };
    });
    assert.equal(head.manifest, server.url + 'manifest.webmanifest');
    assert.equal(head.icon, server.url + 'icons/favicon-32.png');
    assert.equal(head.apple, server.url + 'icons/apple-touch-icon-180.png');

    // the manifest as Chromium fetched and parsed it
    const got = await cdp.send('Page.getAppManifest');
    assert.equal(got.url, head.manifest);
    assert.deepEqual(got.errors, []);
    const m = got.manifest;
    assert.equal(m.name, 'Parley');
    assert.equal(m.startUrl, server.url);
    assert.equal(m.scope, server.url);
    assert.equal(m.id, server.url);
    assert.match(m.display, /standalone/i);
    assert.equal(m.themeColor, 'rgba(0,94,168,1)');
    assert.equal(m.backgroundColor, 'rgba(243,245,248,1)');
    assert.equal(m.preferRelatedApplications, false);
    // what the protocol leaves out of its parsed form (short name, lang, purposes): the text
    const raw = JSON.parse(got.data);
    assert.equal(raw.short_name, 'Parley');
    assert.equal(raw.lang, 'en');
    assert.equal(raw.theme_color, head.theme);
    assert.ok(raw.description.length > 20);
    assert.deepEqual(raw.icons.map((i) => [i.sizes, i.purpose]),
                     [['192x192', 'any'], ['512x512', 'any'], ['512x512', 'maskable']]);
    assert.deepEqual(m.icons.map((i) => i.url), raw.icons.map((i) => server.url + i.src));

    assert.deepEqual(await installabilityErrors(cdp, []), [], 'Chromium would not offer to install Parley');

    // every icon: served as image/png, of the size it claims
    const icons = [...m.icons.map((i) => [i.url, i.sizes]),
                   [head.icon, '32x32'], [head.apple, '180x180']];
    for (const [url, sizes] of icons) {
      const res = await fetch(url);
      assert.equal(res.status, 200, url);
      assert.equal(res.headers.get('content-type'), 'image/png', url);
      const { width, height, colourType } = pngHeader(Buffer.from(await res.arrayBuffer()));
      assert.equal(`${width}x${height}`, sizes, url);
      assert.ok(colourType === 2 || colourType === 6, `${url}: colour type ${colourType}`);
    }
    const manifest = await fetch(head.manifest);
    assert.equal(manifest.headers.get('content-type'), 'application/manifest+json');
    assert.deepEqual(await manifest.json(), raw);

    // the maskable and Apple icons: opaque everywhere (iOS fills transparency with black), and
    // only the accent colour outside the safe zone (a centred circle of 40 % of the size)
    for (const url of [raw.icons.find((i) => i.purpose === 'maskable').src, 'icons/apple-touch-icon-180.png']) {
      const outside = await page.evaluate(async ([src, accent]) => {
        const bitmap = await createImageBitmap(await (await fetch(src)).blob());
        const c = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = c.getContext('2d');
        ctx.drawImage(bitmap, 0, 0);
        const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
        let translucent = 0, offColour = 0;
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            const i = (y * width + x) * 4;
            if (data[i + 3] !== 255) translucent++;
            const r = Math.hypot(x + 0.5 - width / 2, y + 0.5 - height / 2);
            if (r > 0.4 * width && accent.some((v, k) => Math.abs(data[i + k] - v) > 2)) offColour++;
          }
        }
        return { translucent, offColour };
      }, [url, ACCENT]);
      assert.deepEqual(outside, { translucent: 0, offColour: 0 }, url);
    }

    // the service worker keeps the manifest and every icon: the installed app starts offline
    const cached = await page.evaluate(async (urls) => {
      const out = {};
      for (const u of urls) out[u] = !!(await caches.match(u));
      return out;
    }, [head.manifest, ...icons.map(([u]) => u)]);
    for (const [u, ok] of Object.entries(cached)) assert.ok(ok, `${u} is not in the service worker's cache`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

// The other browser tests use off-the-record contexts (browser.newContext()); there Chromium
// reports exactly one reason not to install, and nothing about the app itself.
test('in an off-the-record context the only installability error is in-incognito', async () => {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    const { cdp } = await openControlled(context);
    assert.deepEqual(await installabilityErrors(cdp, ['in-incognito']), ['in-incognito']);
  } finally {
    await browser.close();
  }
});
