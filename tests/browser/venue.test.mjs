// venue.test.mjs — Parley as a venue runs it: kiosks opening a plain-HTTP LAN address (not a
// secure context: no crypto.randomUUID, no service worker, no Web Locks, no persistent
// storage) and everything under the strict Content-Security-Policy parleyd sends. The journey
// works there, the network may drop with the page open, and what cannot work (offline start
// after a reload, persistent storage) is said on the status line and the device status screen.
// The page fails this test on any CSP violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminJson, PARLEYD } from '../lib/parleyd.mjs';
import { lanUrl, waitForFirstFrame } from '../lib/browser.mjs';
import { serverAndBrowser } from '../lib/suite.mjs';
import { until } from '../lib/backlog.mjs';

const TOKEN = 'venue-test-token-0123456789abcdef0123456789abc';
const suite = serverAndBrowser({ env: { PARLEY_ADMIN_TOKEN: TOKEN } });
const get = (path) => adminJson(suite.server.url, path, TOKEN);


// A page that records every CSP violation and page error.
async function venuePage(url) {
  const context = await suite.browser.newContext({ locale: 'en-GB' });
  await context.addInitScript(() => {
    window.parleyCspViolations = [];
    document.addEventListener('securitypolicyviolation',
      (e) => window.parleyCspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (m) => {
    const offlineFetch = /net::ERR_INTERNET_DISCONNECTED/.test(m.text()); // an upload tried while offline
    if ((m.type() === 'error' && !offlineFetch) || /Content.Security.Policy|Permissions-Policy/.test(m.text())) errors.push(m.text());
  });
  const response = await page.goto(url);
  await waitForFirstFrame(page);
  const done = async () => {
    assert.deepEqual(await page.evaluate(() => window.parleyCspViolations), []);
    assert.deepEqual(errors, []);
    await context.close();
  };
  return { context, page, response, done };
}

const closeKeyboard = async (page) => {
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('group', { name: 'On-screen keyboard' }).waitFor({ state: 'detached' });
};

test('a kiosk on a plain-HTTP LAN address: the whole journey, a network drop with the page open, the reset', async () => {
  const { context, page, response, done } = await venuePage(lanUrl(suite.server.url) + '?mode=kiosk&lang=en');
  try {
    assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
    assert.equal(response.headers()['strict-transport-security'], undefined); // plain HTTP: no HSTS
    // what a browser withholds from such an origin
    const lacks = await page.evaluate(() => ({
      secure: window.isSecureContext, uuid: typeof crypto.randomUUID, sw: 'serviceWorker' in navigator,
      locks: 'locks' in navigator, persist: !!(navigator.storage && navigator.storage.persist),
    }));
    assert.deepEqual(lacks, { secure: false, uuid: 'undefined', sw: false, locks: false, persist: false });
    // the device got an id all the same, and kept it
    const device = await page.evaluate(() => localStorage.getItem('parley.device'));
    assert.match(device, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await page.getByRole('status').filter({ hasText: 'plain HTTP: no offline start, serve over HTTPS' }).waitFor();
    // the device status screen (staff check it in the morning) says what plain HTTP costs, and the fix
    await page.getByRole('button', { name: 'Device status' }).click();
    await page.getByText(/This address is plain HTTP, not secure: after a reload Parley cannot start without the network.*serve Parley over HTTPS/).waitFor();
    await page.getByText(/Storage is not persistent/).waitFor();
    await page.getByRole('button', { name: 'Back' }).click();

    const stamp = Date.now();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('textbox', { name: 'Full name *' }).fill('Grace Mensah');
    await page.getByRole('textbox', { name: 'Organization *' }).fill('West Africa Migration Network');
    await closeKeyboard(page);
    await page.getByRole('radio', { name: 'Non-governmental organization' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('status').filter({ hasText: /^All uploaded/ }).waitFor(); // the registration
    // the venue's Wi-Fi drops while the page is open: Parley keeps taking comments
    await context.setOffline(true);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Comment' }).click();
    await page.getByRole('radio', { name: /^4\. / }).click();
    await page.getByRole('textbox', { name: 'Your comment' }).fill(`Offline at the venue ${stamp}`);
    await closeKeyboard(page);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thank you — your comment is saved' }).waitFor();
    await page.getByRole('status').filter({ hasText: /^1 waiting to upload · offline/ }).waitFor();

    await context.setOffline(false);
    await until(async () => (await get('api/v1/export/comments.json')).comments
      .filter((c) => c.record.text === `Offline at the venue ${stamp}`).length === 1, 'the comment on the server');
    await page.getByRole('status').filter({ hasText: /^All uploaded/ }).waitFor();
    const regs = (await get('api/v1/export/registrations.json')).registrations.filter((r) => r.record.name === 'Grace Mensah');
    assert.equal(regs.length, 1);
    assert.equal(regs[0].record.device, device);

    // the next person finds nothing of Grace's
    await page.getByRole('button', { name: 'Finish and clear my details' }).click();
    await page.getByRole('button', { name: 'Start' }).waitFor();
    assert.equal(await page.evaluate(() => document.getElementById('mirror').textContent.includes('Grace')), false);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await get('api/v1/export/comments.json')).comments
      .filter((c) => c.record.text === `Offline at the venue ${stamp}`).length, 1);
  } finally {
    await done();
  }
});

test('on 127.0.0.1 (a secure context) the page runs under the same CSP and offers offline start', async () => {
  const { page, response, done } = await venuePage(suite.server.url + '?lang=en');
  try {
    assert.match(response.headers()['content-security-policy'], /frame-ancestors 'none'/);
    assert.equal(response.headers()['x-content-type-options'], 'nosniff');
    await page.evaluate(() => navigator.serviceWorker.ready);
    const status = await page.getByRole('status').first().textContent();
    assert.doesNotMatch(status, /plain HTTP/);
    await page.getByRole('button', { name: 'Device status' }).click();
    await page.getByText('Parley can start on this device without the network.').waitFor();
  } finally {
    await done();
  }
});

test('the network never comes back: staff save every record to a file, parleyd import loads it once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-export-'));
  const { context, page, done } = await venuePage(lanUrl(suite.server.url) + '?mode=kiosk&lang=en');
  try {
    await context.setOffline(true);
    const stamp = Date.now();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('textbox', { name: 'Full name *' }).fill('Nadia Rahman');
    await page.getByRole('textbox', { name: 'Organization *' }).fill('Coastal Migrants Aid');
    await closeKeyboard(page);
    await page.getByRole('radio', { name: 'Non-governmental organization' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    for (const n of [1, 2]) {
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Comment' }).click();
      await page.getByRole('radio', { name: /^4\. / }).click();
      await page.getByRole('textbox', { name: 'Your comment' }).fill(`Saved to a file ${n} ${stamp}`);
      await closeKeyboard(page);
      await page.getByRole('button', { name: 'Submit' }).click();
      await page.getByRole('heading', { level: 1, name: 'Thank you — your comment is saved' }).waitFor();
    }
    // one record damaged in storage: it goes into the file as it is, and import reports it
    await page.evaluate(async () => {
      const db = await ParleyStore.open();
      const victim = (await db.all())[1];
      victim.blob[Math.floor(victim.blob.length / 2)] ^= 0x10;
      victim.state = 5;
      victim.reason = 'stored record unreadable (test)';
      await db.write('outbox', (os) => os.put(victim));
    });
    await page.getByRole('button', { name: 'Finish and clear my details' }).click();
    await page.getByRole('button', { name: 'Device status' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save all records to a file' }).click(),
    ]);
    await page.getByRole('alert').filter({ hasText: 'Saved: a file with 3 records.' }).waitFor();
    assert.match(download.suggestedFilename(), /^parley-[0-9a-f]{8}-\d{8}-\d{4}\.ndjson$/);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines[0].format, 'parley-device-export');
    assert.equal(lines[0].count, 3);
    assert.equal(lines[0].device, await page.evaluate(() => localStorage.getItem('parley.device')));
    assert.deepEqual(lines.slice(1).map((l) => l.state), ['pending', 'quarantined', 'pending']);
    // the records stay on the device: the file is a copy
    assert.equal(await page.evaluate(async () => (await ParleyStore.open()).count()), 3);

    // at the secretariat: the file is loaded while parleyd runs on the same data
    const imported = spawnSync(PARLEYD, ['import', file, '--data', suite.server.dataDir], { encoding: 'utf8' });
    assert.equal(imported.status, 1, imported.stderr); // 1: something was damaged, the rest imported
    assert.match(imported.stdout + imported.stderr, /2 accepted, 0 duplicates, 1 damaged/);
    const mine = async () => (await get('api/v1/export/comments.json')).comments
      .filter((c) => c.record.text.startsWith('Saved to a file ') && c.record.text.endsWith(String(stamp)));
    assert.equal((await mine()).length, 1); // the first comment; the second was the damaged one
    // a second import of the same file stores nothing twice
    const again = spawnSync(PARLEYD, ['import', file, '--data', suite.server.dataDir], { encoding: 'utf8' });
    assert.match(again.stdout + again.stderr, /0 accepted, 2 duplicates, 1 damaged/);

    // the network comes back after all: what import stored is answered as duplicates, and
    // the record damaged only in storage still arrives from the running page's intact copy
    await context.setOffline(false);
    await until(async () => /^All uploaded/.test(await page.getByRole('status').first().textContent()),
                'the device to hear back from the server');
    assert.equal((await mine()).length, 2);
    assert.deepEqual((await mine()).map((c) => c.record.text).sort(),
                     [`Saved to a file 1 ${stamp}`, `Saved to a file 2 ${stamp}`]);
    assert.equal((await get('api/v1/export/registrations.json')).registrations
      .filter((r) => r.record.name === 'Nadia Rahman').length, 1);
  } finally {
    await done();
    rmSync(dir, { recursive: true, force: true });
  }
});
