// tabs.test.mjs — every tab of one origin shows the device's true outbox: the same "waiting"
// count in each tab within a second, whichever tab stored or uploaded the records; each tab's
// "My submissions" shows the true state of its own records; one tab uploads at a time, and
// closing it hands the upload to another within seconds, nothing lost, nothing stored twice.
// Run on a secure origin (127.0.0.1) and on a plain-HTTP LAN name (not a secure context:
// no Web Locks, no service worker), against a real parleyd.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { storeBacklog, until } from '../lib/backlog.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminJson, ROOT, startParleyd } from '../lib/parleyd.mjs';
import { launchBrowser, lanUrl, waitForFirstFrame } from '../lib/browser.mjs';

const TOKEN = 'tabs-test-token-0123456789abcdef0123456789abcd';
let server, browser;
before(async () => {
  server = await startParleyd({ env: { PARLEY_ADMIN_TOKEN: TOKEN } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  assert.equal(await server?.stop(), 0);
});

const ORIGINS = { secure: () => server.url, 'plain-HTTP LAN': () => lanUrl(server.url) };
const get = (path) => adminJson(server.url, path, TOKEN);


const statusOf = (page) => page.getByRole('status').first().textContent();
// Every tab's status line starts with the same count, within a second of the change.
async function sameCount(pages, pattern, what) {
  const t0 = Date.now();
  let texts = [];
  await until(async () => {
    texts = await Promise.all(pages.map(statusOf));
    return texts.every((t) => pattern.test(t));
  }, `${what}: every tab to say ${pattern} (now ${JSON.stringify(texts)})`, 1000);
  return Date.now() - t0;
}

async function openKiosk(context, url, errors) {
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(String(err)));
  if (process.env.PARLEY_TEST_CONSOLE) page.on('console', (m) => { if (!/WebGL/.test(m.text())) console.log(`# page: ${m.text()}`); });
  await page.goto(url + '?mode=kiosk&lang=en');
  await waitForFirstFrame(page);
  return page;
}

// The kiosk's on-screen keyboard covers the lower screen while a field is focused: close it.
async function done(page) {
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('group', { name: 'On-screen keyboard' }).waitFor({ state: 'detached' });
}

async function registerAndComment(page, name, text) {
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('textbox', { name: 'Full name *' }).fill(name);
  await page.getByRole('textbox', { name: 'Organization *' }).fill('Tabs Test Network');
  await done(page);
  await page.getByRole('radio', { name: 'Non-governmental organization' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await comment(page, text);
}

async function comment(page, text) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Comment' }).click();
  await page.getByRole('radio', { name: /^4\. / }).click();
  await page.getByRole('textbox', { name: 'Your comment' }).fill(text);
  await done(page);
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('heading', { level: 1, name: 'Thank you — your comment is saved' }).waitFor();
}

async function commentsWith(prefix) {
  return (await get('api/v1/export/comments.json')).comments.filter((c) => c.record.text.startsWith(prefix));
}

const tabId = (page) => page.evaluate(() => window.parley.UTF8ToString(window.parley._parley_tab_id()));
const leaseOwner = (page) => page.evaluate(async () => {
  const db = await ParleyStore.open();
  return (await db.read('device', (os) => os.get('lease')))?.owner || '';
});

for (const [origin, url] of Object.entries(ORIGINS)) {
  test(`${origin}: two tabs offline then online show one count, and each its own records' state`, async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const errors = [];
    try {
      const a = await openKiosk(context, url(), errors);
      const b = await openKiosk(context, url(), errors);
      assert.equal(await a.evaluate(() => window.isSecureContext), origin === 'secure');
      const stamp = `${origin} ${Date.now()}`;
      await context.setOffline(true);
      await registerAndComment(a, 'Amina Diallo', `Tab A first ${stamp}`);
      await sameCount([a, b], /^2 waiting to upload/, 'after A registered and commented');
      await comment(a, `Tab A second ${stamp}`);
      await sameCount([a, b], /^3 waiting to upload/, 'after A commented again');
      await registerAndComment(b, 'Bruno Costa', `Tab B ${stamp}`);
      await sameCount([a, b], /^5 waiting to upload/, 'after B registered and commented');
      // B's own submissions: saved on the device
      await b.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /^My/ }).click();
      await b.getByText('Saved on this device, waiting to upload').first().waitFor();

      await context.setOffline(false);
      const t0 = Date.now();
      await until(async () => (await commentsWith(`Tab `)).filter((c) => c.record.text.endsWith(stamp)).length === 3,
                  'the three comments on the server');
      await sameCount([a, b], /^All uploaded/, 'after the upload');
      const settled = Date.now() - t0;
      // whichever tab uploaded, B's own record now reads as received, and so does A's receipt screen
      await b.getByText('Received by the secretariat').first().waitFor({ timeout: 1000 });
      assert.equal(await b.getByText('Saved on this device, waiting to upload').count(), 0);
      await a.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /^My/ }).click();
      assert.equal(await a.getByText('Received by the secretariat').count(), 2);
      // both status lines name the same last upload time
      const [sa, sb] = await Promise.all([statusOf(a), statusOf(b)]);
      assert.match(sa, /last upload \d\d:\d\d/);
      assert.equal(sa.match(/last upload \d\d:\d\d/)[0], sb.match(/last upload \d\d:\d\d/)[0]);
      for (const what of ['first', 'second']) assert.equal((await commentsWith(`Tab A ${what} ${stamp}`)).length, 1);
      assert.equal((await commentsWith(`Tab B ${stamp}`)).length, 1);
      console.log(`# ${origin}: all three uploaded and both tabs at "All uploaded" ${settled} ms after reconnecting`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`${origin}: three tabs, the uploading tab closed mid-backlog: another takes over, each record once`, async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const errors = [];
    try {
      const pages = [];
      for (let i = 0; i < 3; i++) pages.push(await openKiosk(context, url(), errors));
      const before = (await get('api/v1/stats')).comments;
      // A day offline: 1,500 records already on the device (as a kiosk would have stored
      // them), written into the device's storage, and the tabs told as a tab tells them.
      const BACKLOG = 1500;
      await context.setOffline(true);
      assert.equal(await storeBacklog(pages[0], BACKLOG, Date.now() % 1e9), BACKLOG);
      await pages[0].evaluate(() => new BroadcastChannel('parley-device').postMessage({ changed: true }));
      await sameCount(pages, new RegExp(`^${BACKLOG} waiting to upload`), 'the backlog in every tab');

      // Which tab uploads: the lease names it. Its uploads are slowed so it is closed mid-way.
      const owner = await leaseOwner(pages[0]);
      const ids = await Promise.all(pages.map(tabId));
      const holder = ids.indexOf(owner);
      assert.ok(holder >= 0, 'one of the tabs holds the upload lease');
      await pages[holder].route('**/api/v1/records', async (route) => {
        await new Promise((r) => setTimeout(r, 400));
        await route.continue();
      });
      await context.setOffline(false);
      await until(async () => (await get('api/v1/stats')).comments - before >= 500, 'the first batch', 30000);
      const others = pages.filter((_, i) => i !== holder);
      await pages[holder].close();
      const closed = Date.now();
      await until(async () => (await get('api/v1/stats')).comments - before > 500, 'an upload by another tab', 15000);
      const handover = Date.now() - closed;
      await until(async () => (await get('api/v1/stats')).comments - before === BACKLOG, 'the whole backlog', 60000);
      await sameCount(others, /^All uploaded/, 'after the backlog');
      const newOwner = await leaseOwner(others[0]);
      assert.notEqual(newOwner, owner);
      assert.ok((await Promise.all(others.map(tabId))).includes(newOwner));
      // exactly once: parleyd holds BACKLOG new comments, no more, and the device holds none
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal((await get('api/v1/stats')).comments - before, BACKLOG);
      assert.equal(await others[0].evaluate(async () => (await ParleyStore.open()).count()), 0);
      console.log(`# ${origin}: upload handed to another tab ${handover} ms after the uploading tab closed`);
      assert.ok(handover < 10000, `handover took ${handover} ms`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`${origin}: the uploading tab frozen: its lease runs out, another uploads, it catches up on waking`, async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const errors = [];
    try {
      const a = await openKiosk(context, url(), errors);
      const b = await openKiosk(context, url(), errors);
      await context.setOffline(true);
      const stamp = `${origin} frozen ${Date.now()}`;
      await registerAndComment(b, 'Chen Jing', `Comment while frozen ${stamp}`);
      await sameCount([a, b], /^2 waiting to upload/, 'before the freeze');
      const ids = [await tabId(a), await tabId(b)];
      const owner = await leaseOwner(a);
      assert.ok(ids.includes(owner));
      const holder = owner === ids[0] ? a : b;
      const other = holder === a ? b : a;
      // A frozen tab runs no script: it can neither renew its lease nor say it went away.
      // The debugger stops it as it starts its next lease renewal, between two storage
      // transactions (stopped inside one, it would hold the others' transactions back).
      const cdp = await context.newCDPSession(holder);
      await cdp.send('Debugger.enable');
      // (boot.js ships minified, in page.js: the breakpoint goes where the renewal calls the
      // store's claimLease, whose property name Closure keeps, just before its transaction)
      const bootLines = readFileSync(join(ROOT, 'build/web/page.js'), 'utf8').split('\n');
      const lineNumber = bootLines.findIndex((l) => l.includes('.claimLease('));
      assert.ok(lineNumber >= 0);
      assert.equal(bootLines.filter((l) => l.includes('.claimLease(')).length, 1);
      const columnNumber = bootLines[lineNumber].search(/[A-Za-z_$][\w$]*\.claimLease\(/);
      assert.ok(columnNumber >= 0);
      const paused = new Promise((resolve) => cdp.once('Debugger.paused', resolve));
      const { breakpointId } = await cdp.send('Debugger.setBreakpointByUrl', { urlRegex: 'page\\.js$', lineNumber, columnNumber });
      await paused;
      await cdp.send('Debugger.removeBreakpoint', { breakpointId });
      const frozenAt = Date.now();
      await context.setOffline(false);
      await until(async () => (await commentsWith(`Comment while frozen ${stamp}`)).length === 1,
                  'the comment uploaded by the tab that was not frozen', 20000);
      const takeover = Date.now() - frozenAt;
      await sameCount([other], /^All uploaded/, 'the uploading tab');
      await cdp.send('Debugger.resume');
      await holder.evaluate(() => document.dispatchEvent(new Event('resume'))); // what a thawed page gets
      const t0 = Date.now();
      await until(async () => /^All uploaded/.test(await statusOf(holder)), 'the woken tab to catch up', 1000);
      assert.equal(await leaseOwner(other), await tabId(other));
      console.log(`# ${origin}: frozen holder replaced after ${takeover} ms; woken tab caught up in ${Date.now() - t0} ms`);
      assert.equal((await commentsWith(`Comment while frozen ${stamp}`)).length, 1);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`${origin}: a record the server refuses is counted as refused in every tab`, async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const errors = [];
    try {
      const a = await openKiosk(context, url(), errors);
      const b = await openKiosk(context, url(), errors);
      const stamp = `${origin} refused ${Date.now()}`;
      await context.setOffline(true);
      await registerAndComment(a, 'Dmitri Volkov', `Refused ${stamp}`);
      await sameCount([a, b], /^2 waiting to upload/, 'before the upload');
      // Whichever tab uploads meets parleyd refusing the batch of both records as a whole;
      // the outbox retries them one by one: the registration is accepted, the comment refused.
      let calls = 0;
      await context.route('**/api/v1/records', (route) => {
        calls++;
        if (calls === 2) return route.continue();
        return route.fulfill({ status: 400, contentType: 'application/json', body: '{"error":"text: not acceptable here"}' });
      });
      await context.setOffline(false);
      await until(async () => (await Promise.all([a, b].map(statusOf))).some((t) => /refused/.test(t)), 'the refusal');
      await sameCount([a, b], /^All uploaded · .*1 refused by the server/, 'after the refusal');
      const texts = await Promise.all([a, b].map(statusOf));
      assert.equal(texts[0], texts[1]);
      assert.match(texts[0], /^All uploaded · .*1 refused by the server/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}
