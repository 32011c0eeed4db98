// offline.test.mjs — conference Wi-Fi drops: Parley, loaded once, starts again with no
// network at all (service worker), and a participant can register and comment offline,
// with the records kept in browser storage; the status line says it is offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startParleyd, adminGet } from '../lib/parleyd.mjs';
import { launchBrowser, waitForFirstFrame } from '../lib/browser.mjs';

const TOKEN = 'offline-test-token-0123456789abcdef0123456789';
let server, browser;
before(async () => {
  server = await startParleyd({ env: { PARLEY_ADMIN_TOKEN: TOKEN } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  assert.equal(await server?.stop(), 0);
});

test('loaded once, Parley starts and takes a comment with no network; back online, it arrives once', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  const errors = [];
  try {
    const first = await context.newPage();
    await first.goto(server.url);
    await waitForFirstFrame(first);
    // the shell is precached once the service worker is active
    await first.evaluate(() => navigator.serviceWorker.ready);
    await first.close();

    await context.setOffline(true);
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(server.url);
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
    const comments = JSON.parse((await adminGet(server.url, 'api/v1/export/comments.json', TOKEN)).text);
    const regs = JSON.parse((await adminGet(server.url, 'api/v1/export/registrations.json', TOKEN)).text);
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
