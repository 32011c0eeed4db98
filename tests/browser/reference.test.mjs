// reference.test.mjs — a participant looks a receipt's reference up, in the app and on the
// plain page its QR code opens: waiting on the device (offline), received by the secretariat,
// published (with where on the published page), withheld (with the reason's label).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { startParleyd } from '../lib/parleyd.mjs';
import { launchBrowser, waitForFirstFrame } from '../lib/browser.mjs';
import { assertAccessible } from '../lib/axe.mjs';
import { until } from '../lib/backlog.mjs';
import { call, dataDirWith, setPublication, signIn } from '../server/staff.mjs';

let dir, srv, browser;
before(async () => {
  dir = await dataDirWith([['mod', 'moderator']]);
  srv = await startParleyd({ dataDir: dir });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  assert.equal(await srv?.stop(), 0);
  await rm(dir, { recursive: true, force: true });
});

async function submit(page, text) {
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await page.getByRole('textbox', { name: 'Full name *' }).fill('Ana María Gómez');
  await page.getByRole('textbox', { name: 'Organization *' }).fill('Red de Migración Segura');
  await page.getByRole('radio', { name: 'Academia' }).click();
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByRole('navigation').getByRole('button', { name: 'Comment', exact: true }).click();
  await page.getByRole('radio').first().click();
  await page.getByRole('textbox', { name: 'Your comment' }).fill(text);
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  const ref = page.getByText(/^Reference: [0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await ref.waitFor();
  return (await ref.textContent()).slice('Reference: '.length);
}

const result = (page) => page.getByRole('status').filter({ hasText: /secretariat|device|reference/ }).last();

test('a reference looked up in each of its states, in the app and on its page', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(srv.url);
  await waitForFirstFrame(page);
  await context.setOffline(true);
  const ref = await submit(page, 'We ask for legal identity documents at a lower cost.');
  // the receipt's QR code names the reference's page
  const qr = await page.getByText(/QR code/).textContent();
  assert.ok(qr.endsWith(`/r/${ref}?lang=en`), qr);

  // offline: still on the device
  await page.getByRole('button', { name: 'Check a reference', exact: true }).click();
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await until(async () => /waiting to be uploaded/.test(await result(page).textContent()), 'waiting on the device');
  await assertAccessible(page, 'Check a reference, waiting on the device');

  // online: uploaded, then received
  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await until(async () => (await call(srv.url, `api/v1/reference/${ref}`)).status === 200, 'uploaded', 20000);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await until(async () => /Received by the secretariat on \d+ \w+ \d{4}; not published yet\./.test(await result(page).textContent()), 'received');

  // published: the app says so and the plain page links to its place
  const mod = await signIn(srv.url, 'mod');
  const id = (await call(srv.url, 'api/v1/comments', { cookie: mod.cookie })).json.comments.find((c) => c.reference === ref).id;
  assert.equal((await setPublication(srv.url, mod, id, { state: 'published', version: 0 })).status, 200);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await until(async () => /and published\./.test(await result(page).textContent()), 'published');
  assert.ok(await page.getByRole('button', { name: 'See it on the published page', exact: true }).isVisible());
  const plain = await context.newPage();
  await plain.goto(`${srv.url}r/${ref}?lang=es`);
  assert.match(await plain.textContent('main'), /Recibido por la secretaría el .* y publicado\./);
  await plain.getByRole('link').click();
  await plain.waitForURL(new RegExp(`/published/.*#c-${ref}$`));
  assert.ok(await plain.locator(`#c-${ref}`).isVisible());

  // withheld: with the reason's label
  assert.equal((await setPublication(srv.url, mod, id, { state: 'withheld', reason: 'duplicate', version: 1 })).status, 200);
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await until(async () => /not published: Duplicate\./.test(await result(page).textContent()), 'withheld');
  // an unknown and a malformed reference
  const field = page.getByRole('textbox', { name: 'Reference', exact: true });
  await field.fill(ref === '0000-0000' ? 'ZZZZ-ZZZZ' : '0000-0000');
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await until(async () => /No comment with this reference/.test(await result(page).textContent()), 'unknown');
  await field.fill('ABC');
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await until(async () => /eight letters and digits/.test(await result(page).textContent()), 'malformed');
  assert.deepEqual(errors, []);
  await context.close();
});
