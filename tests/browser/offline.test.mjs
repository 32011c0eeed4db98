// offline.test.mjs — conference Wi-Fi drops: Parley, loaded once, starts again with no
// network at all (service worker), and a participant can register and comment offline,
// with the records kept in browser storage; the status line says it is offline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminJson } from '../lib/parleyd.mjs';
import { waitForFirstFrame } from '../lib/browser.mjs';
import { serverAndBrowser } from '../lib/suite.mjs';

const TOKEN = 'offline-test-token-0123456789abcdef0123456789';
const suite = serverAndBrowser({ env: { PARLEY_ADMIN_TOKEN: TOKEN } });

test('loaded once, Parley starts and takes a comment with no network; back online, it arrives once', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  const errors = [];
  try {
    const first = await context.newPage();
    await first.goto(suite.server.url);
    await waitForFirstFrame(first);
    // the shell is precached once the service worker is active
    await first.evaluate(() => navigator.serviceWorker.ready);
    await first.close();

    await context.setOffline(true);
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(suite.server.url);
    await waitForFirstFrame(page);
    await page.getByRole('heading', { level: 1, name: /^Constructive dialogue on the review process/ }).waitFor();
    await page.getByRole('status').filter({ hasText: /offline/ }).waitFor();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('textbox', { name: 'Full name *' }).fill('Rosa Quispe');
    await page.getByRole('textbox', { name: 'Organization *' }).fill('Red Andina de Migraciones');
    await page.getByRole('radio', { name: 'Non-governmental organization' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Comment' }).click();
    await page.getByRole('radio', { name: /^4\. / }).click();
    await page.getByRole('textbox', { name: 'Your comment' }).fill('Data on regular pathways would help reduce smuggling.');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thank you — your comment is saved' }).waitFor();
    await page.getByRole('status').filter({ hasText: /^2 waiting to upload · offline/ }).waitFor();
    const stored = await page.evaluate(async () => (await (await ParleyStore.open()).all()).map((r) => [r.state, r.blob.length]));
    assert.equal(stored.length, 2);
    for (const [state, size] of stored) assert.ok(state === 1 && size > 50, `stored ${state} ${size}`);

    // the network comes back: both records are uploaded, once, and leave the device
    await context.setOffline(false);
    await page.getByRole('status').filter({ hasText: /^All uploaded/ }).waitFor({ timeout: 15000 });
    const comments = await adminJson(suite.server.url, 'api/v1/export/comments.json', TOKEN);
    const regs = await adminJson(suite.server.url, 'api/v1/export/registrations.json', TOKEN);
    assert.equal(comments.count, 1);
    assert.equal(regs.count, 1);
    assert.equal(comments.comments[0].record.text, 'Data on regular pathways would help reduce smuggling.');
    assert.equal(comments.comments[0].participant.name, 'Rosa Quispe');
    assert.equal(await page.evaluate(async () => (await ParleyStore.open()).count()), 0);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'My submissions' }).click();
    await page.getByText('Received by the secretariat').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
