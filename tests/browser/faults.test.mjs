// faults.test.mjs — what conference networks and browsers do to uploads, against a real
// parleyd: server errors, a lost acknowledgement after the server committed, a reload right
// after submitting, two tabs, a damaged stored record, and storage that refuses writes.
// After each: every receipted record is on the server exactly once, or still queued.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminJson } from '../lib/parleyd.mjs';
import { LAN_HOST, waitForFirstFrame } from '../lib/browser.mjs';
import { serverAndBrowser } from '../lib/suite.mjs';
import { assertAccessible } from '../lib/axe.mjs';
import { until } from '../lib/backlog.mjs';

const TOKEN = 'faults-test-token-0123456789abcdef0123456789ab';
const suite = serverAndBrowser({ env: { PARLEY_ADMIN_TOKEN: TOKEN } });

const get = async (path) => adminJson(suite.server.url, path, TOKEN);
// Every comment on the server with this text, however many times it was sent.
async function commentsWith(text) {
  return (await get('api/v1/export/comments.json')).comments.filter((c) => c.record.text === text);
}
// Sends an intercepted request on to parleyd from the test itself: on loopback, whatever
// name the page used (a LAN name resolves only inside Chromium).
const sendOn = (route) => route.fetch({ url: route.request().url().replace(`//${LAN_HOST}:`, '//127.0.0.1:') });


async function register(page, name) {
  await page.goto(suite.url);
  await waitForFirstFrame(page);
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('textbox', { name: 'Full name *' }).fill(name);
  await page.getByRole('textbox', { name: 'Organization *' }).fill('Observatorio de Migraciones');
  await page.getByRole('radio', { name: 'Academia' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
}

async function comment(page, text) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Comment' }).click();
  await page.getByRole('radio', { name: /^2\. / }).click();
  await page.getByRole('textbox', { name: 'Your comment' }).fill(text);
  await page.getByRole('button', { name: 'Submit' }).click();
}

const receipt = (page) => page.getByRole('heading', { level: 1, name: 'Thank you — your comment is saved' }).waitFor();

async function newPage(errors) {
  const context = await suite.browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(String(err)));
  return { context, page };
}

test('server errors, then the acknowledgement lost after the server committed: stored once', async () => {
  const errors = [];
  const { context, page } = await newPage(errors);
  try {
    let calls = 0;
    await page.route('**/api/v1/records', async (route) => {
      calls++;
      if (calls <= 2) return route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"boom"}' });
      if (calls === 3) return route.fulfill({ status: 200, contentType: 'text/html', body: '<html>Welcome to the venue Wi-Fi</html>' });
      if (calls === 4) { await sendOn(route); return route.abort('connectionreset'); } // committed, answer lost
      return route.continue();
    });
    await register(page, 'Tomás Rivera');
    const text = 'Lost acknowledgements must not duplicate comments. ' + Date.now();
    await comment(page, text);
    await receipt(page);
    await until(async () => (await page.getByRole('status').textContent()).startsWith('All uploaded'), 'all uploaded');
    assert.ok(calls >= 5, `calls ${calls}`);
    assert.equal((await commentsWith(text)).length, 1);
    assert.equal(await page.evaluate(async () => (await ParleyStore.open()).count()), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a server slower than the upload timeout: the upload is abandoned, retried, stored once', async () => {
  const errors = [];
  const { context, page } = await newPage(errors);
  try {
    await register(page, 'Pedro Alves');
    await until(async () => (await page.getByRole('status').textContent()).startsWith('All uploaded'), 'the registration uploaded');
    let slow = true, calls = 0;
    await page.route('**/api/v1/records', async (route) => {
      calls++;
      if (slow) {
        slow = false;
        await sendOn(route);                               // parleyd commits it...
        await new Promise((r) => setTimeout(r, 25000));    // ...but answers after the client gave up
        return route.abort('timedout').catch(() => {});
      }
      return route.continue();
    });
    const text = 'Answered too late the first time. ' + Date.now();
    await comment(page, text);
    await receipt(page);
    await until(async () => calls >= 2 && (await page.getByRole('status').textContent()).startsWith('All uploaded'),
                'the retry', 40000);
    assert.equal((await commentsWith(text)).length, 1);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a reload right after the receipt, and a reload during an upload: each comment once', async () => {
  const errors = [];
  const { context, page } = await newPage(errors);
  try {
    let hold = true;
    await page.route('**/api/v1/records', async (route) => {
      if (hold) { await new Promise((r) => setTimeout(r, 1500)); return route.abort('timedout'); }
      return route.continue();
    });
    await register(page, 'Fatou Sow');
    const first = 'Reloaded right after the receipt. ' + Date.now();
    await comment(page, first);
    await receipt(page);
    await page.reload(); // the upload may be in flight: it must neither be lost nor doubled
    await waitForFirstFrame(page);
    await page.getByRole('status').filter({ hasText: /waiting to upload/ }).waitFor();
    hold = false;
    await until(async () => (await commentsWith(first)).length === 1, 'the first comment on the server');
    await until(async () => (await page.getByRole('status').textContent()).startsWith('All uploaded'), 'all uploaded');
    assert.equal((await commentsWith(first)).length, 1);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a record the server refuses is a dead letter: kept, listed with its reason, not retried', async () => {
  const errors = [];
  const { context, page } = await newPage(errors);
  try {
    await register(page, 'Grace Mwangi');
    await until(async () => (await page.getByRole('status').textContent()).startsWith('All uploaded'), 'the registration uploaded');
    let refusals = 0;
    await page.route('**/api/v1/records', (route) => {
      refusals++;
      return route.fulfill({ status: 400, contentType: 'application/json', body: '{"error":"text: not acceptable here"}' });
    });
    await comment(page, 'A comment the server will refuse.');
    await receipt(page);
    await page.getByRole('status').filter({ hasText: /1 refused by the server/ }).waitFor();
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(refusals, 1, 'never retried');
    const kept = await page.evaluate(async () => (await (await ParleyStore.open()).all()).map((e) => [e.state, e.reason]));
    assert.equal(kept.length, 1);
    assert.equal(kept[0][0], 4);
    assert.match(kept[0][1], /not acceptable here/);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'My submissions' }).click();
    await page.getByText('Refused by the server', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Device status' }).click();
    const refused = page.getByRole('list', { name: 'Refused by the server (kept on this device)' }).getByRole('listitem');
    await refused.first().waitFor();
    assert.equal(await refused.count(), 1);
    assert.match(await refused.first().textContent(), /not acceptable here/);
    await assertAccessible(page, 'device status with a refused record');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the tab is closed right after the receipt: the comment still arrives, once', async () => {
  const errors = [];
  const { context, page } = await newPage(errors);
  try {
    await page.route('**/api/v1/records', (route) => route.abort('internetdisconnected'));
    await register(page, 'Nguyen Van An');
    const text = 'Saved before the tab closed. ' + Date.now();
    await comment(page, text);
    await receipt(page);
    await page.close(); // nothing more runs in that tab: the record must already be in storage
    const again = await context.newPage();
    again.on('pageerror', (err) => errors.push(String(err)));
    await again.goto(suite.url);
    await waitForFirstFrame(again);
    await until(async () => (await commentsWith(text)).length === 1, 'the comment on the server');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await commentsWith(text)).length, 1);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('two tabs at once: one uploader, every record once', async () => {
  const errors = [];
  const context = await suite.browser.newContext({ locale: 'en-GB' });
  try {
    const a = await context.newPage();
    const b = await context.newPage();
    for (const p of [a, b]) p.on('pageerror', (err) => errors.push(String(err)));
    await register(a, 'Ahmed Haddad');
    const stamp = Date.now();
    await comment(a, 'From tab A ' + stamp);
    await receipt(a);
    await b.goto(suite.url);
    await waitForFirstFrame(b);
    await b.getByText('Welcome back, Ahmed Haddad').waitFor();
    await b.getByRole('button', { name: 'Continue' }).click();
    await comment(b, 'From tab B ' + stamp);
    await receipt(b);
    await until(async () => (await commentsWith('From tab A ' + stamp)).length === 1
                         && (await commentsWith('From tab B ' + stamp)).length === 1, 'both comments');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal((await commentsWith('From tab A ' + stamp)).length, 1);
    assert.equal((await commentsWith('From tab B ' + stamp)).length, 1);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a stored record damaged on the device is quarantined and the rest still go', async () => {
  const errors = [];
  const { context, page } = await newPage(errors);
  try {
    await register(page, 'Li Wei');
    await context.setOffline(true);
    const stamp = Date.now();
    await comment(page, 'Damaged on the device ' + stamp);
    await receipt(page);
    await comment(page, 'Intact on the device ' + stamp);
    await receipt(page);
    // flip one bit in the middle of the first comment's stored frame
    await page.evaluate(async () => {
      const db = await ParleyStore.open();
      const entries = await db.all();
      const victim = entries[entries.length - 2];
      victim.blob[Math.floor(victim.blob.length / 2)] ^= 0x10;
      await db.write('outbox', (os) => os.put(victim));
    });
    // back online for the page itself, but uploads still fail until the reload has happened
    // (the running page holds an intact copy in memory; the damage is in storage)
    await page.route('**/api/v1/records', (route) => route.abort('internetdisconnected'));
    await context.setOffline(false);
    await page.reload();
    await waitForFirstFrame(page);
    await page.getByRole('status').filter({ hasText: /1 damaged on this device/ }).waitFor();
    await page.unroute('**/api/v1/records');
    await page.evaluate(() => window.dispatchEvent(new Event('online'))); // the network is back
    await until(async () => (await commentsWith('Intact on the device ' + stamp)).length === 1, 'the intact comment');
    assert.equal((await commentsWith('Damaged on the device ' + stamp)).length, 0);
    // kept aside with its reason, never silently deleted (the intact one is deleted once its
    // acknowledgement is stored, just after the server has it)
    const storedNow = () => page.evaluate(async () => (await (await ParleyStore.open()).all()).map((e) => [e.state, e.reason]));
    await until(async () => (await storedNow()).length === 1, 'the acknowledged record deleted from the device');
    const kept = await storedNow();
    assert.equal(kept.length, 1);
    assert.equal(kept[0][0], 5);
    assert.ok(kept[0][1].length > 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('storage that refuses the write: a clear message, no receipt, nothing lost', async () => {
  const errors = [];
  const { context, page } = await newPage(errors);
  try {
    await page.route('**/api/v1/records', (route) => route.abort('internetdisconnected'));
    await register(page, 'Olena Kovalenko');
    // from now on the browser's storage is full
    await page.evaluate(() => {
      ParleyStore.prototype.put = () => Promise.reject(new DOMException('quota', 'QuotaExceededError'));
    });
    const text = 'This one cannot be stored.';
    await comment(page, text);
    await page.getByRole('alert').filter({ hasText: 'could not be saved on this device' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Thank you — your comment is saved' }).count(), 0);
    assert.equal(await page.getByRole('textbox', { name: 'Your comment' }).inputValue(), text);
    assert.equal((await commentsWith(text)).length, 0);
    // what was stored before is still there, and still goes out
    assert.equal(await page.evaluate(async () => (await ParleyStore.open()).count()), 1);
    await page.unroute('**/api/v1/records');
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await until(async () => (await adminJson(suite.server.url, 'api/v1/export/registrations.json', TOKEN))
      .registrations.some((r) => r.record.name === 'Olena Kovalenko'), 'the registration on the server');
    assert.deepEqual(errors.filter((e) => !e.includes('quota')), []);
  } finally {
    await context.close();
  }
});
