// https.test.mjs — Parley over HTTPS as a venue deploys it: parleyd's own TLS with a
// certificate for kiosk.test from a venue CA made here with openssl, and Chromium trusting that
// CA the way a kiosk does, through the NSS database in the kiosk user's ~/.pki/nssdb (a
// temporary HOME; no certificate error is ignored). The page is a secure context with HSTS,
// the service worker takes over, Parley starts again with no network and takes a comment,
// the device status screen says it can start offline, and back online the comment is uploaded
// over TLS and stored once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminJson, startParleyd } from '../lib/parleyd.mjs';
import { launchBrowser, LAN_HOST, waitForFirstFrame } from '../lib/browser.mjs';
import { makeCA, makeLeaf, trustInNss } from '../lib/testca.mjs';

const TOKEN = 'https-test-token-0123456789abcdef0123456789abc';
const CA_NAME = 'Parley venue CA';
let dir, ca, server, browser, url;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-https-'));
  makeCA(dir, CA_NAME);
  makeLeaf(dir, 'kiosk', LAN_HOST, [LAN_HOST]);
  ca = readFileSync(join(dir, 'ca.crt'));
  const home = join(dir, 'home');
  trustInNss(home, join(dir, 'ca.crt'));
  server = await startParleyd({ env: { PARLEY_ADMIN_TOKEN: TOKEN },
                                args: ['--tls-cert', join(dir, 'kiosk.crt'), '--tls-key', join(dir, 'kiosk.key')] });
  assert.match(server.url, /^https:/);
  url = `https://${LAN_HOST}:${server.port}/`;
  browser = await launchBrowser([], { env: { HOME: home } });
});

after(async () => {
  await browser?.close();
  try {
    if (server) assert.equal(await server.stop(), 0);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});

const OFFLINE_START = 'Parley can start on this device without the network.';
const TEXT = 'Regular pathways need data that reaches the venue, even when the Wi-Fi does not.';

test('over HTTPS with a venue CA: secure context, offline start, a comment taken offline arrives once', { timeout: 40000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  context.setDefaultTimeout(10000); // a missing step fails within the test's time, naming the step
  const errors = [];
  // Offline, the page's requests to parleyd fail as they should (net::ERR_FAILED); a console
  // error is a fault only online, or when it is about the certificate.
  const watch = (page, online) => {
    page.on('pageerror', (err) => errors.push(String(err)));
    page.on('console', (m) => {
      if (m.type() === 'error' && (online || /CERT|certificate/i.test(m.text()))) errors.push(`${m.text()} (${m.location().url})`);
    });
  };
  try {
    // online: the certificate is trusted through NSS, the page is a secure context with HSTS
    const first = await context.newPage();
    watch(first, true);
    const res = await first.goto(url);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['strict-transport-security'] ?? '', /max-age=[1-9]\d*/);
    const tls = await res.securityDetails();
    assert.equal(tls.issuer, CA_NAME);
    assert.equal(tls.subjectName, LAN_HOST);
    assert.equal(await first.evaluate(() => window.isSecureContext), true);
    await waitForFirstFrame(first);
    assert.doesNotMatch(await first.getByRole('status').first().textContent(), /plain HTTP/);
    // the service worker registers and becomes active (the shell is then precached)
    const sw = await first.evaluate(() => Promise.race([
      (async () => {
        const reg = await navigator.serviceWorker.ready;
        const w = reg.active;
        if (w.state !== 'activated')
          await new Promise((r) => w.addEventListener('statechange', () => { if (w.state === 'activated') r(); }));
        return { scope: reg.scope, state: w.state, script: w.scriptURL };
      })(),
      new Promise((r) => setTimeout(() => r('no active service worker within 10 s'), 10000)),
    ]));
    assert.deepEqual(sw, { scope: url, state: 'activated', script: `${url}sw.js` });
    await first.close();

    // no network: Parley starts from the service worker and takes a registration and a comment
    await context.setOffline(true);
    const page = await context.newPage();
    watch(page, false);
    const offline = await page.goto(url);
    assert.equal(offline.fromServiceWorker(), true);
    await waitForFirstFrame(page);
    await page.getByRole('heading', { level: 1, name: /^Constructive dialogue on the review process/ }).waitFor();
    await page.getByRole('status').filter({ hasText: /offline/ }).waitFor();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('textbox', { name: 'Full name *' }).fill('Leila Haddad');
    await page.getByRole('textbox', { name: 'Organization *' }).fill('Mediterranean Migration Observatory');
    await page.getByRole('radio', { name: 'Non-governmental organization' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Comment' }).click();
    await page.getByRole('radio', { name: /^4\. / }).click();
    await page.getByRole('textbox', { name: 'Your comment' }).fill(TEXT);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thank you — your comment is saved' }).waitFor();
    await page.getByRole('status').filter({ hasText: /^2 waiting to upload · offline/ }).waitFor();

    // the device status screen: offline start available on this HTTPS origin
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'My submissions' }).click();
    await page.getByRole('button', { name: 'Device status' }).click();
    await page.getByRole('heading', { level: 1, name: 'Device status' }).waitFor();
    await page.getByText(OFFLINE_START, { exact: true }).waitFor();
    assert.equal(await page.getByText(/plain HTTP/).count(), 0);
    assert.doesNotMatch(await page.getByRole('status').first().textContent(), /plain HTTP/);

    // back online: both records go over TLS to parleyd and leave the device; the comment is stored once
    await context.setOffline(false);
    await page.getByRole('status').filter({ hasText: /^All uploaded/ }).waitFor({ timeout: 15000 });
    assert.equal(await page.evaluate(async () => (await ParleyStore.open()).count()), 0);
    const comments = await adminJson(server.url, 'api/v1/export/comments.json', TOKEN, { ca });
    const regs = await adminJson(server.url, 'api/v1/export/registrations.json', TOKEN, { ca });
    assert.equal(comments.count, 1);
    assert.equal(comments.comments.filter((c) => c.record.text === TEXT).length, 1);
    assert.equal(comments.comments[0].participant.name, 'Leila Haddad');
    assert.equal(regs.count, 1);
    assert.match(server.stderr(), /^access \S+ 127\.0\.0\.1 POST \/api\/v1\/records 200 /m);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
