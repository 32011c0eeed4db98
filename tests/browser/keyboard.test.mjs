// keyboard.test.mjs — the kiosk's on-screen keyboard in every script, in a real Chromium against
// a real parleyd, by tapping keys only: through the mirror's buttons (found by role and name)
// and through canvas coordinates (the mirror taken out of hit-testing, so the taps reach the
// canvas and SDL). An Arabic sentence with a Latin name, Russian with ё, Spanish with ¿ ñ á,
// French with œ ç (ç by a long press), Chinese by pinyin; each checked in the field, in the
// record parleyd stored and in its exports byte for byte. The idle reset wipes a half-typed
// composition. Screenshots of every layout at both kiosk sizes go to build/screenshots/keyboard/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { adminJson, adminGet } from '../lib/parleyd.mjs';
import { openPage, waitForFirstFrame, nextFrame, valueIs } from '../lib/browser.mjs';
import { serverAndBrowser } from '../lib/suite.mjs';
import { msg } from '../lib/po.mjs';
import { until } from '../lib/backlog.mjs';
import { canvasInk, colourShare } from '../lib/pixels.mjs';

const TOKEN = 'keyboard-test-token-0123456789abcdef0123456789';
const suite = serverAndBrowser({ env: { PARLEY_ADMIN_TOKEN: TOKEN } });
const OUT = 'build/screenshots/keyboard';

// A typist on one page: `mirror` taps the mirror's buttons by name; `canvas` taps the same
// places with the mirror out of the way, so only the canvas (SDL) gets the pointer.
function typist(page, lang = 'en') {
  const keyboard = page.getByRole('group', { name: msg(lang, 'MSG_KEYBOARD') });
  const button = (name) => keyboard.getByRole('button', { name, exact: true });
  let viaCanvas = false;
  const mirrorHitTesting = (on) => page.evaluate((enabled) => {
    for (const el of document.querySelectorAll('#mirror button, #mirror input, #mirror textarea'))
      el.style.pointerEvents = enabled ? '' : 'none';
  }, on);
  // holdUntil: a long press, held until that key (an alternate) shows, however slow the machine
  const tap = async (name, { holdUntil = null } = {}) => {
    const b = button(name);
    await b.waitFor();
    if (!viaCanvas && !holdUntil) {
      await b.click();
    } else {
      const box = await b.boundingBox();
      if (viaCanvas) await mirrorHitTesting(false);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      if (holdUntil) await button(holdUntil).waitFor({ timeout: 10000 });
      await page.mouse.up();
      if (viaCanvas) await mirrorHitTesting(true);
    }
    await nextFrame(page); // the mirror shows C's state from the next frame on
  };
  return {
    keyboard, button, tap,
    useCanvas(on) { viaCanvas = on; },
    // one key per character: space, capitals by shift; `keys` lists other key names verbatim
    async type(text) {
      for (const ch of text) {
        if (ch === ' ') await tap(msg(lang, 'MSG_KEY_SPACE'));
        else if (ch !== ch.toLowerCase()) { await tap(msg(lang, 'MSG_KEY_SHIFT')); await tap(ch); }
        else await tap(ch);
      }
    },
    async keys(...names) { for (const n of names) await tap(n); },
    globe: (sample) => tap(msg(lang, 'MSG_KEY_NEXT_LAYOUT').replace('%s', sample)),
  };
}

async function register(page, t) {
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('textbox', { name: 'Full name *' }).click();
  await t.keyboard.waitFor();
  await t.type('Amina Diallo');
  await valueIs(page.getByRole('textbox', { name: 'Full name *' }), 'Amina Diallo');
  await t.tap('Done');
  await page.getByRole('textbox', { name: 'Organization *' }).fill('Casa Monarca');
  await page.getByRole('radio', { name: 'Non-governmental organization' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
}

async function openComposer(page) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Comment' }).click();
  await page.getByRole('radio', { name: /^4\. / }).click();
  const field = page.getByRole('textbox', { name: 'Your comment' });
  await field.click();
  return field;
}

async function submit(page, t, field, expected) {
  await valueIs(field, expected);
  await t.tap('Done');
  await t.keyboard.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('heading', { level: 1, name: 'Thank you — your comment is saved' }).waitFor();
}

async function serverComments(page, count) {
  const device = await page.evaluate(() => localStorage.getItem('parley.device'));
  const t0 = Date.now();
  for (;;) {
    const comments = ((await adminJson(suite.server.url, 'api/v1/export/comments.json', TOKEN)).comments || [])
      .map((c) => c.record).filter((r) => r.device === device);
    if (comments.length >= count || Date.now() - t0 > 15000) return comments;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const SENTENCES = {
  ar: 'شكرا للسيدة Maria Lopez على سؤالها؟',
  ru: 'Её организация помогает мигрантам',
  es: '¿Cómo protegen a los niños? Está claro.',
  fr: 'Le cœur de la coopération française',
  zh: '联合国保护移民人权。',
};

test('kiosk: a sentence in every script typed on the keys alone, stored and exported byte for byte', async () => {
  const { context, page, errors } = await openPage(suite.browser, suite.url + '?mode=kiosk',
    { viewport: { width: 1080, height: 1920 } });
  try {
    await waitForFirstFrame(page);
    const t = typist(page);
    await register(page, t);

    // Arabic, through canvas coordinates; the Latin name on the Latin layout in between
    let field = await openComposer(page);
    t.useCanvas(true);
    await t.globe('العربية');
    await t.type('شكرا للسيدة ');
    await t.globe('中文');
    await t.globe('Русский');
    await t.globe('ABC');
    await t.type('Maria Lopez ');
    await t.globe('العربية');
    await t.type('على سؤالها');
    await t.keys('Shift', '؟');
    // backspace takes the character before the caret in logical order, then it is typed again
    await t.keys('Backspace');
    await valueIs(field, SENTENCES.ar.slice(0, -1));
    await t.keys('Shift', '؟');
    t.useCanvas(false);
    await submit(page, t, field, SENTENCES.ar);

    // Russian through the mirror's buttons: ЙЦУКЕН with ё, capital by shift
    field = await openComposer(page);
    await t.button('ق').waitFor(); // the Arabic layout stuck for this person
    await t.globe('中文');
    await t.globe('Русский');
    await t.type(SENTENCES.ru);
    await submit(page, t, field, SENTENCES.ru);

    // Spanish: ¿ ñ á from the accent layer, ? from the punctuation layer
    field = await openComposer(page);
    await t.globe('ABC');
    await t.keys('Accents', '¿', 'Letters');
    await t.type('C');
    await t.keys('Accents', 'ó', 'Letters');
    await t.type('mo protegen a los ni');
    await t.keys('Accents', 'ñ', 'Letters');
    await t.type('os');
    await t.keys('Digits and punctuation', '?', 'Letters');
    await t.type(' Est');
    await t.keys('Accents', 'á', 'Letters');
    await t.type(' claro');
    await t.keys('.');
    await submit(page, t, field, SENTENCES.es);

    // French through canvas coordinates: œ from the accent layer, ç by a long press on c
    field = await openComposer(page);
    t.useCanvas(true);
    await t.type('Le c');
    await t.keys('Accents', 'œ', 'Letters');
    await t.type('ur de la coop');
    await t.keys('Accents', 'é', 'Letters');
    await t.type('ration fran');
    await t.tap('c', { holdUntil: 'ç' });
    await t.tap('ç');
    await t.type('aise');
    t.useCanvas(false);
    await submit(page, t, field, SENTENCES.fr);

    // Chinese by pinyin: the table is fetched now, not before; letters compose, candidates commit
    const fetched = [];
    page.on('request', (r) => { if (r.url().endsWith('/pinyin.bin')) fetched.push(r.url()); });
    field = await openComposer(page);
    await t.globe('العربية');
    await t.globe('中文');
    await t.type('lianheguo');
    await valueIs(field, "lian'he'guo");
    await t.tap('联合国');
    await t.type('baohu');
    await t.tap('保护');
    await t.type('yimin');
    await t.tap('移民');
    await t.type('renquan');
    await t.keys('Backspace', 'n');   // backspace edits the composition
    await valueIs(field, "联合国保护移民ren'quan");
    await t.tap('人权');
    await t.keys('。');
    assert.equal(fetched.length, 1);
    await submit(page, t, field, SENTENCES.zh);

    // what parleyd stored, and its exports, byte for byte
    const comments = await serverComments(page, 5);
    assert.deepEqual(comments.map((c) => c.text).sort(), Object.values(SENTENCES).sort());
    const lang = Object.fromEntries(comments.map((c) => [c.text, c.language]));
    assert.equal(lang[SENTENCES.ar], 'ar');
    assert.equal(lang[SENTENCES.ru], 'ru');
    assert.equal(lang[SENTENCES.zh], 'zh');
    const csv = (await adminGet(suite.server.url, 'api/v1/export/comments.csv', TOKEN)).body;
    for (const s of Object.values(SENTENCES))
      assert.ok(csv.includes(Buffer.from(s, 'utf8')), `the CSV export holds ${s} byte for byte`);
    const regs = (await adminJson(suite.server.url, 'api/v1/export/registrations.json', TOKEN)).registrations;
    assert.ok(regs.some((r) => r.record.name === 'Amina Diallo'));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('kiosk: a field that is full refuses the key with its message; the idle reset wipes a composition', async () => {
  const { context, page, errors } = await openPage(suite.browser, suite.url + '?mode=kiosk&idle=5&lang=zh',
    { viewport: { width: 1080, height: 1920 } });
  try {
    await waitForFirstFrame(page);
    const t = typist(page, 'zh');
    await page.getByRole('button', { name: msg('zh', 'MSG_START') }).click();
    const name = page.getByRole('textbox', { name: msg('zh', 'MSG_FULL_NAME') });
    await name.click();
    await t.keyboard.waitFor();
    // the Chinese interface's own layout is pinyin
    await t.type('zhong');
    await valueIs(name, 'zhong');
    await page.getByRole('group', { name: msg('zh', 'MSG_CANDIDATES') }).getByRole('button', { name: '中', exact: true }).waitFor();
    // half-typed, then left alone: the countdown, then the reset wipes it from field and mirror
    await page.getByRole('button', { name: msg('zh', 'MSG_START') }).waitFor({ timeout: 30000 });
    assert.equal(await page.evaluate(() => document.getElementById('mirror').textContent.includes('zhong')), false);
    await page.getByRole('button', { name: msg('zh', 'MSG_START') }).click();
    await name.click();
    await t.keyboard.waitFor();
    await valueIs(name, '');
    // a full field: the key adds nothing, and the field says why (the bar over the keys too)
    await name.fill('名'.repeat(200));
    await t.globe('Русский');
    await t.globe('ABC');
    await t.tap('a');
    const tooLong = msg('zh', 'MSG_ERR_TOO_LONG').replace('%d', '200');
    await page.getByRole('alert').filter({ hasText: tooLong }).waitFor();
    await t.keyboard.getByText(tooLong).waitFor();
    await valueIs(name, '名'.repeat(200));
    mkdirSync(OUT, { recursive: true });
    await nextFrame(page);
    await page.screenshot({ path: `${OUT}/1080x1920-zh-field-full.png` });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

const ERROR_RED = [0xB0, 0x1E, 0x1E]; // THEME_ERROR, the colour of a field's message

// Text pasted (through the system clipboard, as a person pastes) or typed on a physical
// keyboard past a field's limit: refused whole, the mirror's element put back to the field's
// value, the field's message in the mirror and drawn on the canvas; after a valid edit the
// stored records hold exactly what was typed.
for (const mode of ['kiosk', 'remote']) {
  test(`${mode}: text pasted or typed past a field's limit is refused with the field's message`, async () => {
    const { context, page, errors } = await openPage(suite.browser, suite.url + (mode === 'kiosk' ? '?mode=kiosk' : ''),
      { viewport: { width: 1080, height: 1920 } });
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(suite.url).origin });
      await waitForFirstFrame(page);
      const t = typist(page);
      const paste = async (field, text) => {
        await page.evaluate((v) => navigator.clipboard.writeText(v), text);
        await field.focus();
        await field.press('End');
        await field.press('Control+V');
        await nextFrame(page);
      };
      // the message in the mirror, and its red on the canvas where the mirror puts it (in the
      // kiosk the copy over the keys, as the field's own line may sit under the keyboard)
      const refusedWith = async (limit) => {
        const text = msg('en', 'MSG_ERR_TOO_LONG', 1).replace('%d', String(limit));
        const alert = page.getByRole('alert').filter({ hasText: text });
        await alert.waitFor();
        await nextFrame(page);
        const shown = mode === 'kiosk' ? t.keyboard.getByText(text) : alert;
        const box = await shown.boundingBox();
        assert.ok(await colourShare(page, box, ERROR_RED) > 0.02, `the canvas shows "${text}"`);
        return { alert, box };
      };
      await page.getByRole('button', { name: 'Start' }).click();
      const name = page.getByRole('textbox', { name: 'Full name *' });
      await name.fill('Amina Diallo');
      await paste(name, 'x'.repeat(189));      // 201 characters: none goes in
      await valueIs(name, 'Amina Diallo');
      let { alert, box } = await refusedWith(200);
      mkdirSync(OUT, { recursive: true });
      await page.screenshot({ path: `${OUT}/1080x1920-${mode}-too-long.png` });
      assert.equal(await name.evaluate((el) => el.selectionStart), 'Amina Diallo'.length);
      await name.fill('é'.repeat(200));        // 200 characters (400 bytes) fit
      await alert.waitFor({ state: 'detached' });
      await name.press('End');
      await page.keyboard.type('b');            // a typed key past the limit
      await valueIs(name, 'é'.repeat(200));
      await refusedWith(200);
      await name.fill('Amina Diallo');          // a valid edit ends the message, on the canvas too
      await alert.waitFor({ state: 'detached' });
      await nextFrame(page);
      assert.ok(await colourShare(page, box, ERROR_RED) < 0.005, 'the message is gone from the canvas');
      await page.getByRole('textbox', { name: 'Organization *' }).fill('Casa Monarca');
      await page.getByRole('radio', { name: 'Non-governmental organization' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('navigation', { name: 'Sections' }).waitFor();

      const field = await openComposer(page);
      const said = '¿Cómo protegen a los niños? ';
      await field.fill(said);
      await paste(field, '名'.repeat(4001 - [...said].length));
      await valueIs(field, said);
      ({ alert } = await refusedWith(4000));
      await field.press('End');
      await page.keyboard.type('Está claro.');
      await alert.waitFor({ state: 'detached' });
      await valueIs(field, said + 'Está claro.');
      const send = async () => {
        if (mode === 'kiosk') {
          await t.tap('Done');
          await t.keyboard.waitFor({ state: 'detached' });
        }
        await page.getByRole('button', { name: 'Submit' }).click();
        await page.getByRole('heading', { level: 1, name: 'Thank you — your comment is saved' }).waitFor();
      };
      await send();
      // the limit counts characters (code points) in the field, the mirror and parleyd alike:
      // 4,000 emoji are 8,000 UTF-16 units and 16,000 bytes, and all of them are kept
      await page.getByRole('button', { name: 'Write another comment' }).click();
      const emoji = '😀'.repeat(4000);
      await page.getByRole('radio', { name: /^4\. / }).click();
      await field.fill(emoji);
      await valueIs(field, emoji);
      await send();
      const comments = await serverComments(page, 2);
      assert.deepEqual(comments.map((c) => c.text).sort(), [said + 'Está claro.', emoji].sort());
      const regs = (await adminJson(suite.server.url, 'api/v1/export/registrations.json', TOKEN)).registrations;
      const device = await page.evaluate(() => localStorage.getItem('parley.device'));
      assert.deepEqual(regs.filter((r) => r.record.device === device).map((r) => r.record.name), ['Amina Diallo']);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

// A kiosk page at 1080×1920 whose pinyin table comes damaged (one byte flipped), with its
// page errors collected from the start.
async function damagedTablePage(query) {
  // no service worker: its fetches would not pass through the page's route
  const context = await suite.browser.newContext({ viewport: { width: 1080, height: 1920 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.route('**/pinyin.bin', async (route) => {
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    body[body.length >> 1] ^= 0x20;
    await route.fulfill({ response, body });
  });
  await page.goto(suite.url + query);
  return { context, page, errors };
}

test('kiosk: a damaged candidate table is refused with a message and pinyin typed as letters', async () => {
  const { context, page, errors } = await damagedTablePage('?mode=kiosk');
  try {
    await waitForFirstFrame(page);
    const t = typist(page);
    await page.getByRole('button', { name: 'Start' }).click();
    const name = page.getByRole('textbox', { name: 'Full name *' });
    await name.click();
    await t.globe('العربية');
    await t.globe('中文');
    await t.type('ni');
    await page.getByRole('alert').filter({ hasText: msg('en', 'MSG_PINYIN_UNAVAILABLE') }).waitFor();
    await t.type('hao');
    await valueIs(name, 'nihao');
    // nothing composes: the field holds plain letters
    await t.tap('Done');
    await valueIs(name, 'nihao');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

// A sentence of the interface in the strip over the keys starts on the interface's side: at
// the right in Arabic, although the keys keep their own order.
test('kiosk, in Arabic: the pinyin status line starts at the right', async () => {
  const { context, page, errors } = await damagedTablePage('?mode=kiosk&lang=ar');
  try {
    await waitForFirstFrame(page);
    const t = typist(page, 'ar');
    await page.getByRole('button', { name: msg('ar', 'MSG_START') }).click();
    await page.getByRole('textbox', { name: msg('ar', 'MSG_FULL_NAME') }).click();
    await t.keyboard.waitFor();
    await t.globe('中文'); /* the event's layouts after Arabic's */
    await t.tap('n');
    const alert = page.getByRole('alert').filter({ hasText: msg('ar', 'MSG_PINYIN_UNAVAILABLE') });
    await alert.waitFor();
    await nextFrame(page);
    const box = await alert.boundingBox();
    const quarter = { y: box.y, width: Math.floor(box.width / 4), height: box.height };
    const left = await canvasInk(page, { ...quarter, x: box.x });
    const right = await canvasInk(page, { ...quarter, x: box.x + box.width - quarter.width });
    assert.ok(right.dark > 0.01, `the line's start is drawn at the right (${right.dark})`);
    assert.ok(left.dark < 0.001, `nothing of it at the left (${left.dark})`);
    mkdirSync(OUT, { recursive: true });
    await page.screenshot({ path: `${OUT}/1080x1920-ar-pinyin-unavailable.png` });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

// Each layout, open on a field, at both kiosk sizes; Arabic and Chinese in their own interfaces.
test('kiosk: screenshots of every layout at 1080×1920 and 1920×1080', async () => {
  mkdirSync(OUT, { recursive: true });
  for (const viewport of [{ width: 1080, height: 1920 }, { width: 1920, height: 1080 }]) {
    for (const lang of ['en', 'ru', 'ar', 'zh']) {
      const { context, page, errors } = await openPage(suite.browser, `${suite.url}?mode=kiosk&lang=${lang}`, { viewport });
      try {
        await waitForFirstFrame(page);
        const t = typist(page, lang);
        await page.getByRole('button', { name: msg(lang, 'MSG_START') }).click();
        const name = page.getByRole('textbox', { name: msg(lang, 'MSG_FULL_NAME') });
        await name.click();
        await t.keyboard.waitFor();
        const shot = async (label) => {
          await nextFrame(page);
          await until(async () => (await page.evaluate(() => window.parley._parley_text_pending())) === 0, 'every face in', 15000);
          await nextFrame(page);
          await page.screenshot({ path: `${OUT}/${viewport.width}x${viewport.height}-${lang}-${label}.png` });
        };
        if (lang === 'zh') {
          await t.type('lianheguo');
          await page.getByRole('button', { name: '联合国', exact: true }).waitFor();
          // the first page of candidates starts where the keys do
          const first = await t.button('联合国').boundingBox(), q = await t.button('q').boundingBox();
          assert.ok(Math.abs(first.x - q.x) < 1, `the first candidate at ${first.x}, the keys at ${q.x}`);
          await shot('pinyin-candidates');
        } else if (lang === 'ar') {
          await t.type('مرحبا ');
          await shot('letters');
          await t.tap(msg(lang, 'MSG_KEY_SHIFT'));
          await shot('shift');
        } else {
          await shot('letters');
        }
        if (lang === 'en') {
          await t.tap(msg(lang, 'MSG_KEY_ACCENTS'));
          await shot('accents');
          await t.tap(msg(lang, 'MSG_KEY_LETTERS'));
          const e = await t.button('e').boundingBox();
          await page.mouse.move(e.x + e.width / 2, e.y + e.height / 2);
          await page.mouse.down();
          await t.button('é').waitFor({ timeout: 10000 });
          await shot('long-press');
          await page.mouse.up();
        }
        await t.tap(msg(lang, 'MSG_KEY_SYMBOLS'));
        await shot('symbols');
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    }
  }
});
