// suite.mjs — one real parleyd and one Chromium for a browser test file: started before its
// tests, stopped after them (parleyd must exit 0). Read suite.server and suite.browser
// inside tests, once they have started.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startParleyd } from './parleyd.mjs';
import { launchBrowser } from './browser.mjs';

export function serverAndBrowser(parleydOptions = {}) {
  const suite = { server: null, browser: null };
  before(async () => {
    suite.server = await startParleyd(parleydOptions);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    assert.equal(await suite.server?.stop(), 0);
  });
  return suite;
}
