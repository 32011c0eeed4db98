// deferred.test.mjs — the LZ4HC compressor, the console and the QR code maker
// (parley.deferred.wasm, split out of parley.wasm) and the LZ4 dictionary (lz4dict.bin) are
// fetched after the first frame (the console's code before C starts in console mode). With them, records
// are stored smaller; without them (they never arrive), a comment is still stored and
// uploaded exactly once; records stored with the dictionary wait, untouched, in a page that
// cannot get it, and leave from the next one that can.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminJson } from '../lib/parleyd.mjs';
import { waitForFirstFrame } from '../lib/browser.mjs';
import { serverAndBrowser } from '../lib/suite.mjs';

const TOKEN = 'deferred-test-token-0123456789abcdef0123456789';
const suite = serverAndBrowser({ env: { PARLEY_ADMIN_TOKEN: TOKEN } });
const TEXT = 'Regular pathways and data sharing between countries of origin, transit and destination would help.';

// Registers and comments while offline, returns the stored sizes, then goes online and waits
// for the upload.
async function commentOffline(context, page, name) {
  await page.getByRole('button', { name: 'Start' }).click();
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

test('with and without the deferred LZ4HC code and dictionary: stored either way, smaller with them, delivered once', async () => {
  const sizes = {};
  for (const mode of ['without', 'with']) {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB',
                                                     serviceWorkers: 'block' });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    try {
      if (mode === 'without') {
        await page.route('**/parley.deferred.wasm', (route) => route.abort());
        await page.route('**/lz4dict.bin', (route) => route.abort());
      }
      await page.goto(suite.url);
      await waitForFirstFrame(page);
      if (mode === 'with') await page.waitForFunction(() => window.parleyCodec === 'hc' && window.parleyDict === true);
      sizes[mode] = await commentOffline(context, page, `Rosa Quispe ${mode}`);
      assert.equal(await page.evaluate(() => window.parleyCodec), mode === 'with' ? 'hc' : undefined);
      assert.equal(await page.evaluate(() => window.parleyDict), mode === 'with' ? true : undefined);
      // the receipt's QR code maker is deferred code too: without it, the reference alone
      assert.equal(await page.getByText(/QR code/).count(), mode === 'with' ? 1 : 0);
      assert.equal(await page.getByText(/^Reference: [0-9A-Z]{4}-[0-9A-Z]{4}$/).count(), 1, 'the reference is shown');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
  assert.equal(sizes.with.length, 2);
  assert.equal(sizes.without.length, 2);
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  assert.ok(sum(sizes.with) < sum(sizes.without), `HC ${sizes.with} vs fast ${sizes.without}`);
  const comments = await adminJson(suite.server.url, 'api/v1/export/comments.json', TOKEN);
  assert.equal(comments.count, 2);
  for (const c of comments.comments) assert.equal(c.record.text, TEXT);
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
