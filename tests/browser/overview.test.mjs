// overview.test.mjs — the first screen in a real Chromium against a real parleyd: the event
// title as a heading, the agenda as a list, text really drawn on the canvas where the
// mirror says it is, at devicePixelRatio 1 and 2, after a resize, and the error screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openPage, waitForFirstFrame } from '../lib/browser.mjs';
import { serverAndBrowser } from '../lib/suite.mjs';
import { assertAccessible } from '../lib/axe.mjs';
import { canvasInk } from '../lib/pixels.mjs';

const event = JSON.parse(readFileSync('assets/events/untoc-som-2022.json', 'utf8'));
const en = (t) => (typeof t === 'string' ? t : t.en);
const suite = serverAndBrowser();

async function checkOverview(page, errors) {
  await waitForFirstFrame(page);
  const title = page.getByRole('heading', { level: 1, name: en(event.title) });
  await title.waitFor();
  const items = page.getByRole('list', { name: 'Agenda' }).getByRole('listitem');
  assert.equal(await items.count(), event.agenda.length);
  assert.match(await items.nth(0).textContent(), /^1\. Opening/);
  assert.match(await items.nth(2).textContent(), /^3\. Panel discussion/);
  assert.match(await items.nth(4).textContent(), /^Closing/);
  await page.getByText('Chair: Mr. Francesco Testa', { exact: false }).waitFor();
  await page.getByText('Date: 1 July 2022').waitFor();
  assert.deepEqual(errors, []);
  return title;
}

for (const deviceScaleFactor of [1, 2]) {
  test(`overview at devicePixelRatio ${deviceScaleFactor}: heading, agenda, text drawn where the mirror says`, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.server.url, { deviceScaleFactor });
    try {
      const title = await checkOverview(page, errors);
      const box = await title.boundingBox();
      assert.ok(box.width > 300 && box.height > 30, `title box ${JSON.stringify(box)}`);
      const ink = await canvasInk(page, box);
      // white title text on the dark header band: a real share of bright pixels, not all
      assert.ok(ink.bright > 0.04 && ink.bright < 0.6, `title ink ${JSON.stringify(ink)}`);
      // the canvas backing store follows the device pixel ratio, so text stays crisp
      const backing = await page.evaluate(() => {
        const c = document.getElementById('canvas');
        return { w: c.width, css: c.getBoundingClientRect().width };
      });
      assert.equal(backing.w, Math.round(backing.css * deviceScaleFactor));
      // the space right of the title column is plain header colour: no stray drawing
      const margin = await canvasInk(page, { x: box.x + box.width + 8, y: box.y, width: 40, height: box.height });
      assert.equal(margin.bright, 0, `margin ${JSON.stringify(margin)}`);
    } finally {
      await context.close();
    }
  });
}

test('relays out when the window is resized, and scrolls by wheel', async () => {
  const { context, page, errors } = await openPage(suite.browser, suite.server.url);
  try {
    const title = await checkOverview(page, errors);
    const wide = await title.boundingBox();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction((w) => {
      const h1 = document.querySelector('#mirror h1');
      return h1 && h1.getBoundingClientRect().width < w;
    }, wide.width);
    const narrow = await title.boundingBox();
    assert.ok(narrow.width <= 390 - 2 * 16 && narrow.height > wide.height, `narrow ${JSON.stringify(narrow)}`);
    const ink = await canvasInk(page, narrow);
    assert.ok(ink.bright > 0.04, `title ink after resize ${JSON.stringify(ink)}`);

    await page.mouse.move(200, 600);
    await page.mouse.wheel(0, 300);
    await page.waitForFunction((y) => document.querySelector('#mirror h1').getBoundingClientRect().y < y - 100, narrow.y);
    // a scroll the browser makes in the mirror (find in page, a screen reader) scrolls the
    // canvas too, and the mirror stays where the browser put it
    const scrolled = (await title.boundingBox()).y;
    const frames = await page.evaluate(() => window.parleyFrames);
    await page.locator('#mirror .scroll').first().evaluate((el) => { el.scrollTop = Math.max(0, el.scrollTop - 80); });
    await page.waitForFunction((n) => window.parleyFrames > n, frames);
    await page.waitForTimeout(300);
    const back = await title.boundingBox();
    assert.ok(back.y > scrolled + 40, `the mirror after the browser's scroll: ${back.y} (was ${scrolled})`);
    const inkBack = await canvasInk(page, back);
    assert.ok(inkBack.bright > 0.04, `title ink where the browser scrolled it ${JSON.stringify(inkBack)}`);
    // a drag on the canvas scrolls with the finger, and taps nothing on the way
    const beforeDrag = (await title.boundingBox()).y;
    await page.mouse.move(380, 500);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(380, 500 + i * 15);
    await page.mouse.up();
    await page.waitForFunction((y) => document.querySelector('#mirror h1').getBoundingClientRect().y > y + 100, beforeDrag);
    await page.getByRole('button', { name: 'Start' }).waitFor(); // still the welcome screen
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a loading progress bar shows while the wasm arrives', async () => {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  try {
    let release;
    const gate = new Promise((r) => { release = r; });
    await page.route('**/parley.wasm', async (route) => { await gate; await route.continue(); });
    await page.goto(suite.server.url);
    const bar = page.getByRole('progressbar', { name: 'Loading Parley' });
    await bar.waitFor();
    assert.equal(await page.evaluate(() => window.parleyFrames || 0), 0);
    release();
    await waitForFirstFrame(page);
    await bar.waitFor({ state: 'hidden' });
  } finally {
    await context.close();
  }
});

test('a malformed event shows the error screen naming line and column, without crashing', async () => {
  const context = await suite.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  try {
    await page.route(/\/api\/v1\/event(\?.*)?$/, (route) =>
      route.fulfill({ contentType: 'application/json', body: '{\n  "id": "x",\n  "title" "no colon"\n}' }));
    await page.goto(suite.server.url);
    await waitForFirstFrame(page);
    await page.getByRole('heading', { level: 1, name: 'This event could not be loaded' }).waitFor();
    const alert = page.getByRole('alert');
    assert.match(await alert.textContent(), /^api\/v1\/event:3:\d+: /);
    await assertAccessible(page, 'the error screen');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('French interface from ?lang=fr', async () => {
  const { context, page, errors } = await openPage(suite.browser, suite.server.url + '?lang=fr');
  try {
    await waitForFirstFrame(page);
    await page.getByRole('heading', { level: 1, name: event.title.fr }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Ordre du jour' }).waitFor();
    await page.getByText('Date: 1er juillet 2022').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
