// console.mjs — what the browser tests of the console (/?mode=console) share: one parleyd with
// staff accounts made by `parleyd user` and one Chromium for a file of tests, a page opened and
// drawn with the errors it logged, the errors a console page may log on purpose, and signing in.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';

import { startParleyd } from './parleyd.mjs';
import { launchBrowser, waitForFirstFrame } from './browser.mjs';
import { dataDirWith, PASSWORD } from '../server/staff.mjs';

// accounts: [[name, role], ...]. Read suite.server and suite.browser inside tests.
export function staffSuite(accounts) {
  const suite = { dir: null, server: null, browser: null };
  before(async () => {
    suite.dir = await dataDirWith(accounts);
    suite.server = await startParleyd({ dataDir: suite.dir });
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    assert.equal(await suite.server?.stop(), 0);
    rmSync(suite.dir, { recursive: true, force: true });
  });
  return suite;
}

// A new page of the context at url, once its first frame is drawn; errors collects what the page
// logged as an error and what it threw.
export async function openDrawn(context, url, viewport) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(url);
  await waitForFirstFrame(page);
  return { page, errors };
}

// Chromium logs every 4xx a page's fetch gets; the console asks for its session at start (401
// when signed out) and the tests provoke 401 and 409 on purpose.
export const unexpected = (errors, also = /^$/) =>
  errors.filter((e) => !/status of (401|409)/.test(e) && !also.test(e));

// Signs in through the console's own form (the password a real password field).
export async function signInConsole(page, name) {
  const password = page.getByRole('textbox', { name: 'Password' });
  await password.waitFor();
  assert.equal(await password.getAttribute('type'), 'password');
  assert.equal(await password.getAttribute('autocomplete'), 'current-password');
  await page.getByRole('textbox', { name: 'Account name' }).fill(name);
  await password.fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
