// deferred.test.mjs — the code split out of parley.wasm (parley.deferred.wasm: the
// participant's forms, the on-screen keyboard, the compressors, the console, the QR code maker)
// and the LZ4 dictionary (lz4dict.bin) are fetched after the first frame (the console's code
// before C starts in console mode). Until the code is in, the first screens work, the forms
// say they are loading and the outbox waits; when it comes, the page carries on by itself and
// a comment is stored and uploaded exactly once. Without the dictionary records are stored
// bigger; records stored with it wait, untouched, in a page that cannot get it, and leave from
// the next one that can.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminJson } from '../lib/parleyd.mjs';
import { waitForFirstFrame } from '../lib/browser.mjs';
import { serverAndBrowser } from '../lib/suite.mjs';

const TOKEN = 'deferred-test-token-0123456789abcdef0123456789';
const suite = serverAndBrowser({ env: { PARLEY_ADMIN_TOKEN: TOKEN } });
const TEXT = 'Regular pathways and data sharing between countries of origin, transit and destination would help.';
const LOADING = 'One moment: this part is loading';

// Registers and comments while offline, returns the stored sizes, then goes online and waits
// for the upload.
async function commentOffline(context, page, name) {
  await page.getByRole('textbox', { name: 'Full name *' }).fill(name);
  await page.getByRole('textbox', { name: 'Organization *' }).fill('Red Andina de Migraciones');
  await page.getByRole('radio', { name: 'Non-governmental organization' }).click();
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Comment' }).click();
  await page.getByRole('radio', { name: /^4\. / }).click();
  await page.getByRole('textbox', { name: 'Your comment' }).fill(TEXT);
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('heading', { level: 1, name: 'Thank you — your comment is saved' }).waitFor();
  const sizes = await page.evaluate(async () => (await (await ParleyStore.open()).all()).map((r) => r.blob.length));
  await context.setOffline(false);
  await page.getByRole('status').filter({ hasText: /^All uploaded/ }).waitFor({ timeout: 15000 });
  return sizes.sort((a, b) => a - b);
}

// A fresh English page without a service worker, and its page errors.
async function freshPage() {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB',
                                                   serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  return { context, page, errors };
}

test('before the rest of the code arrives the first screens work and the form says it is loading; then it carries on', async () => {
  const { context, page, errors } = await freshPage();
  try {
    let held = true;
    await page.route('**/parley.deferred.wasm', (route) => (held ? route.abort() : route.continue()));
    await page.goto(suite.url);
    await waitForFirstFrame(page);
    // the agenda and an item are first-load code; the registration form is not
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { level: 1, name: LOADING }).waitFor();
    assert.equal(await page.getByRole('textbox').count(), 0);
    await page.getByRole('button', { name: /Back/ }).click();
    await page.getByRole('button', { name: 'Start' }).waitFor();
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByText(/needs the network once/).waitFor();
    assert.deepEqual(errors, []);
    // the network is back: the page fetches the code again and the form takes over by itself
    held = false;
    await context.setOffline(false);
    await page.getByRole('textbox', { name: 'Full name *' }).waitFor({ timeout: 15000 });
    assert.equal(await page.getByRole('heading', { name: LOADING }).count(), 0);
    await commentOffline(context, page, 'Rosa Quispe');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
  const comments = await adminJson(suite.server.url, 'api/v1/export/comments.json', TOKEN);
  assert.equal(comments.comments.filter((c) => c.record.text === TEXT).length, 1);
});

test('with and without the LZ4 dictionary: stored either way, smaller with it, delivered once', async () => {
  const sizes = {};
  for (const mode of ['without', 'with']) {
    const { context, page, errors } = await freshPage();
    try {
      if (mode === 'without') await page.route('**/lz4dict.bin', (route) => route.abort());
      await page.goto(suite.url);
      await waitForFirstFrame(page);
      await page.waitForFunction(() => window.parleyDeferred === true);
      if (mode === 'with') await page.waitForFunction(() => window.parleyDict === true);
      await page.getByRole('button', { name: 'Start' }).click();
      sizes[mode] = await commentOffline(context, page, `Ana Mamani ${mode}`);
      assert.equal(await page.evaluate(() => window.parleyDict), mode === 'with' ? true : undefined);
      // the receipt's QR code and its reference
      assert.equal(await page.getByText(/QR code/).count(), 1);
      assert.equal(await page.getByText(/^Reference: [0-9A-Z]{4}-[0-9A-Z]{4}$/).count(), 1, 'the reference is shown');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
  assert.equal(sizes.with.length, 2);
  assert.equal(sizes.without.length, 2);
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  assert.ok(sum(sizes.with) < sum(sizes.without), `with the dictionary ${sizes.with} vs without ${sizes.without}`);
  const comments = await adminJson(suite.server.url, 'api/v1/export/comments.json', TOKEN);
  assert.equal(comments.comments.filter((c) => c.record.text === TEXT).length, 3);
});

test('the console needs the deferred code: without it, it says so and does not start', async () => {
  const context = await suite.browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  try {
    await page.route('**/parley.deferred.wasm', (route) => route.abort());
    await page.goto(`${suite.url}?mode=console`);
    await page.locator('#loading-text.error').filter({ hasText: /console.s code could not be loaded/ }).waitFor();
    assert.equal(await page.evaluate(() => typeof window.parley), 'undefined'); // C never started
  } finally {
    await context.close();
  }
});

test('records stored with the dictionary wait, never damaged, where it cannot be had', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB',
                                                   serviceWorkers: 'block' });
  const errors = [];
  try {
    const first = await context.newPage();
    first.on('pageerror', (err) => errors.push(String(err)));
    await first.goto(suite.url);
    await waitForFirstFrame(first);
    await first.waitForFunction(() => window.parleyDict === true);
    await context.setOffline(true);
    await first.getByRole('button', { name: 'Start' }).click();
    await first.getByRole('textbox', { name: 'Full name *' }).fill('Amal Haddad');
    await first.getByRole('textbox', { name: 'Organization *' }).fill('Mediterranean Migration Network');
    await first.getByRole('radio', { name: 'Academia' }).click();
    await first.getByRole('button', { name: 'Continue' }).click();
    await first.getByRole('status').filter({ hasText: /^1 waiting to upload/ }).waitFor();
    await first.close();

    // a page that cannot get the dictionary: the record stays waiting in storage, not damaged
    const second = await context.newPage();
    second.on('pageerror', (err) => errors.push(String(err)));
    await second.route('**/lz4dict.bin', (route) => route.abort());
    await context.setOffline(false);
    await second.goto(suite.url);
    await waitForFirstFrame(second);
    await second.waitForTimeout(1500);
    const stored = await second.evaluate(async () => (await (await ParleyStore.open()).all()).map((r) => r.state));
    assert.deepEqual(stored, [1]); // pending, not quarantined
    assert.doesNotMatch(await second.getByRole('status').textContent(), /damaged/);
    await second.close();

    // the next page gets it and uploads the record, once
    const third = await context.newPage();
    third.on('pageerror', (err) => errors.push(String(err)));
    await third.goto(suite.url);
    await waitForFirstFrame(third);
    await third.getByRole('status').filter({ hasText: /^All uploaded/ }).waitFor({ timeout: 15000 });
    await third.waitForFunction(async () => (await ParleyStore.open()).count().then((n) => n === 0));
    const regs = await adminJson(suite.server.url, 'api/v1/export/registrations.json', TOKEN);
    assert.equal(regs.registrations.filter((r) => r.record.name === 'Amal Haddad').length, 1);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
