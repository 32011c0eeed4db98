// suite.mjs — one real parleyd and one Chromium for a browser test file: started before its
// tests, stopped after them (parleyd must exit 0). Read suite.server, suite.browser and
// suite.url (where pages are opened) inside tests, once they have started.
// PARLEY_TEST_ORIGIN=lan opens pages at a plain-HTTP LAN name instead of 127.0.0.1 (not a
// secure context, as at a venue); the tests themselves still reach parleyd on loopback.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startParleyd } from './parleyd.mjs';
import { launchBrowser, lanUrl } from './browser.mjs';

export const TEST_ORIGIN = process.env.PARLEY_TEST_ORIGIN === 'lan' ? 'lan' : 'loopback';

export function serverAndBrowser(parleydOptions = {}, { origin = TEST_ORIGIN } = {}) {
  const suite = { server: null, browser: null, url: null, secure: origin !== 'lan' };
  before(async () => {
    suite.server = await startParleyd(parleydOptions);
    suite.url = origin === 'lan' ? lanUrl(suite.server.url) : suite.server.url;
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    assert.equal(await suite.server?.stop(), 0);
  });
  return suite;
}
