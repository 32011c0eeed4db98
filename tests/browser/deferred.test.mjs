// deferred.test.mjs — the LZ4HC compressor is split out of parley.wasm (parley.deferred.wasm)
// and fetched after the first frame. With it, records are stored smaller; without it (it
// never arrives), a comment is still stored, at LZ4's fast level, and uploaded exactly once.
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

test('with and without the deferred LZ4HC code: stored either way, smaller with it, delivered once', async () => {
  const sizes = {};
  for (const mode of ['without', 'with']) {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB',
                                                     serviceWorkers: 'block' });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    try {
      if (mode === 'without') await page.route('**/parley.deferred.wasm', (route) => route.abort());
      await page.goto(suite.url);
      await waitForFirstFrame(page);
      if (mode === 'with') await page.waitForFunction(() => window.parleyCodec === 'hc');
      sizes[mode] = await commentOffline(context, page, `Rosa Quispe ${mode}`);
      assert.equal(await page.evaluate(() => window.parleyCodec), mode === 'with' ? 'hc' : undefined);
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
