// published.test.mjs — the public page of written comments in Chromium: hostile comments
// run no script (no dialog, no title change, no console error from the policy), the
// stylesheet served by parleyd applies under the CSP, and at a phone's 390 px nothing
// scrolls sideways, not even a 4,000-character word or an Arabic comment.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { ndjson, newComment, newRegistration, postRecords } from '../lib/parleyd.mjs';
import { openPage } from '../lib/browser.mjs';
import { serverAndBrowser } from '../lib/suite.mjs';

const TOKEN = 'published-browser-token-0123456789abcdef';
const suite = serverAndBrowser({ env: { PARLEY_ADMIN_TOKEN: TOKEN } });

const reg = newRegistration({ name: '<img src=x onerror="document.title=\'pwned\'">', publish_consent: true });
const texts = [
  '<script>document.title="pwned";alert(1)</script>',
  '"\'><img src=x onerror=alert(2)>',
  '<a href="javascript:alert(3)">click me</a>',
  'Evil \u202Eoverride\u202C text',
  'w'.repeat(4000),
];
const comments = [...texts.map((text) => newComment(reg, { text })), newComment(reg, { text: 'تعليق '.repeat(200), language: 'ar' })];

async function publishAll() {
  const r = await postRecords(suite.server.url, ndjson([reg, ...comments]));
  assert.equal(r.status, 200);
  for (const c of comments) {
    const p = await fetch(`${suite.server.url}api/v1/comments/${c.id}/publication`, {
      method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'published', version: 0 }),
    });
    assert.equal(p.status, 200);
  }
}

test('no script runs, the stylesheet applies, and nothing overflows at 390 px', async () => {
  await publishAll();
  const { context, page, errors } = await openPage(suite.browser, `${suite.url}published/`, { viewport: { width: 390, height: 844 } });
  try {
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    await page.waitForLoadState('load');
    await page.waitForTimeout(300);
    assert.deepEqual(dialogs, []);
    assert.doesNotMatch(await page.title(), /pwned/);
    assert.equal(await page.locator('script').count(), 0);
    assert.equal(await page.locator('main img, main a').count(), 0);
    const layout = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      wrap: getComputedStyle(document.querySelector('.text')).overflowWrap,
      rtl: getComputedStyle(document.querySelector('article[lang="ar"]')).direction,
    }));
    assert.equal(layout.wrap, 'anywhere', 'published.css applied');
    assert.equal(layout.rtl, 'rtl');
    assert.ok(layout.scroll <= layout.client, `horizontal overflow: ${layout.scroll} > ${layout.client}`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
