// languages.test.mjs — the six languages in the real page: an Arabic screen is the mirror image
// of the English one (canvas pixels and the mirror's rectangles), the page and every text in
// another language carry lang and dir, a visitor fetches only the faces and the shaping engine
// its text needs (none for English, French, Spanish, Russian; Arabic fetches the engine and the
// Arabic face; Chinese the interface's Chinese face, the larger one only for text beyond it),
// and the screen is drawn again, with nothing left waiting, once they arrive; and what parleyd
// names for preloading (its Link header on the page) is what the first frame fetches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitForFirstFrame, nextFrame } from '../lib/browser.mjs';
import { serverAndBrowser } from '../lib/suite.mjs';
import { canvasInk, colourShare } from '../lib/pixels.mjs';
import { until } from '../lib/backlog.mjs';
import { msg } from '../lib/po.mjs';

const suite = serverAndBrowser();
const VIEW = { width: 1280, height: 800 };
// the faces and the engine fetched when text needs them (the Latin interface and full faces,
// not the faces a page starts with: *.first.ttf, *.ru.ttf)
const ON_DEMAND = /shape\.wasm|NotoSansArabic|NotoSansCJK|NotoSans-[A-Za-z]+(\.ui)?\.ttf$/;
const ACCENT = [0x00, 0x5e, 0xa8]; // THEME_ACCENT, the primary button's fill

// A fresh page, watched from its first request.
async function open(lang, extra = '') {
  const context = await suite.browser.newContext({ viewport: VIEW, locale: lang });
  const page = await context.newPage();
  const errors = [], fetched = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (ON_DEMAND.test(r.url())) fetched.push(r.url().split('/').pop()); });
  await page.goto(`${suite.url}?lang=${lang}${extra}`);
  await waitForFirstFrame(page);
  return { context, page, errors, fetched };
}

const rectOf = (page, role, name) => page.getByRole(role, { name, exact: true }).boundingBox();
const pending = (page) => page.evaluate(() => window.parley._parley_text_pending());

test('an Arabic screen is the mirror image of the English one, pixels and mirror alike', async () => {
  const en = await open('en'), ar = await open('ar');
  try {
    const W = VIEW.width;
    for (const [role, lang] of [['radiogroup', 'MSG_LANGUAGE'], ['button', 'MSG_START']]) {
      const a = await rectOf(en.page, role, msg('en', lang)), b = await rectOf(ar.page, role, msg('ar', lang));
      if (role === 'radiogroup') {
        assert.ok(Math.abs(b.x - (W - a.x - a.width)) < 1, `${role}: ${JSON.stringify(a)} mirrored is not ${JSON.stringify(b)}`);
        assert.ok(Math.abs(b.width - a.width) < 1);
      } else {
        assert.ok(Math.abs(b.x + b.width - (W - a.x)) < 1, `${role} starts at the right edge of its column in Arabic`);
      }
    }
    // the Start button's fill, on the canvas: at the left of the column in English, at the
    // right in Arabic (each page's own row: the texts above it differ in height)
    const blue = (page, r) => colourShare(page, r, ACCENT);
    const startEn = await rectOf(en.page, 'button', msg('en', 'MSG_START'));
    const startAr = await rectOf(ar.page, 'button', msg('ar', 'MSG_START'));
    const at = (r, x) => ({ x, y: r.y + 6, width: 12, height: 12 });
    assert.ok(await blue(en.page, at(startEn, startEn.x + 4)) > 0.9, 'English: the button at the left');
    assert.ok(await blue(en.page, at(startEn, W - startEn.x - 16)) < 0.1, 'English: nothing at the right');
    assert.ok(await blue(ar.page, at(startAr, W - startEn.x - 16)) > 0.9, 'Arabic: the button at the right');
    assert.ok(await blue(ar.page, at(startAr, startEn.x + 4)) < 0.1, 'Arabic: nothing at the left');
    // the radios' circles: left of their labels in English, right of them in Arabic
    const radioEn = await rectOf(en.page, 'radio', 'Français'), radioAr = await rectOf(ar.page, 'radio', 'Français');
    const circle = (r, atLeft) => ({ x: atLeft ? r.x + 10 : r.x + r.width - 40, y: r.y + r.height / 2 - 12, width: 30, height: 24 });
    const ink = async (page, r) => 1 - (await canvasInk(page, r)).bright; // share of non-white pixels
    assert.ok(await ink(en.page, circle(radioEn, true)) > 0.1, 'English: the circle at the left');
    assert.ok(await ink(ar.page, circle(radioAr, false)) > 0.1, 'Arabic: the circle at the right');
    assert.ok(await ink(ar.page, circle(radioAr, true)) < 0.02, 'Arabic: no circle where English has it');

    // lang and dir: the page's, and each language's own name in its own
    assert.deepEqual(await ar.page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ['ar', 'rtl']);
    assert.deepEqual(await en.page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ['en', 'ltr']);
    const attrs = (page, name) => page.getByRole('radio', { name, exact: true }).evaluate((el) => [el.lang, el.dir]);
    assert.deepEqual(await attrs(ar.page, 'English'), ['en', 'ltr']);
    assert.deepEqual(await attrs(ar.page, 'العربية'), ['', '']); // the page's own language
    assert.deepEqual(await attrs(en.page, 'العربية'), ['ar', 'rtl']);
    assert.deepEqual(await attrs(en.page, '中文'), ['zh', 'ltr']);
    assert.deepEqual(en.errors, []);
    assert.deepEqual(ar.errors, []);
  } finally {
    await en.context.close();
    await ar.context.close();
  }
});

test('each visitor fetches only the faces and the engine its text needs', async () => {
  for (const lang of ['en', 'fr', 'es', 'ru']) {
    const v = await open(lang);
    await v.page.waitForTimeout(300);
    assert.deepEqual(v.fetched, [], `${lang} fetched ${v.fetched}`);
    assert.equal(await pending(v.page), 0);
    // العربية and 中文 on its first screen are drawn (shaped at build time), and Русский
    // (every Latin face holds the Latin and Cyrillic language names)
    for (const name of ['العربية', '中文', 'Русский']) {
      const r = await rectOf(v.page, 'radio', name);
      assert.ok((await canvasInk(v.page, { x: r.x + 40, y: r.y + 8, width: r.width - 60, height: r.height - 16 })).dark > 0.01, `${lang}: ${name} drawn`);
    }
    await v.context.close();
  }
  const ar = await open('ar');
  // the bold face follows the first final frame (its headings are drawn regular until then)
  await until(async () => (await pending(ar.page)) === 0, 'the Arabic bold face in', 5000);
  assert.deepEqual(ar.fetched.sort(), ['NotoSansArabic-Bold.ui.ttf', 'NotoSansArabic-Regular.ui.ttf', 'shape.wasm']);
  await ar.context.close();
  const zh = await open('zh');
  await zh.page.waitForTimeout(300);
  assert.deepEqual(zh.fetched, ['NotoSansCJKsc-Regular.ui.otf']);
  assert.equal(await pending(zh.page), 0);
  await zh.context.close();
});

test('what parleyd names for preloading is what the first frame fetches, each once', async () => {
  // the page's own files (its HTML names them) and what the browser asks for by itself
  const SHELL = /^(|index\.html|parley\.css|parley\.js|page\.js|parley\.wasm|manifest\.webmanifest|icons\/.*)$/;
  for (const [query, locale] of [['', 'en-GB'], ['', 'ru-RU'], ['?lang=ar', 'en-GB'], ['?lang=zh', 'fr-FR'],
                                 ['?mode=console&lang=fr', 'en-GB']]) {
    const context = await suite.browser.newContext({ viewport: VIEW, locale });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${suite.url}${query}`);
      await waitForFirstFrame(page);
      const named = (response.headers().link || '').split(', ').map((l) => (/^<([^>]+)>; rel=preload/.exec(l) || [])[1]);
      assert.ok(named.length >= 3 && named.every(Boolean), `${query} ${locale}: ${response.headers().link}`);
      const loads = await page.evaluate(() => {
        // the first frame drawn (an Arabic or Chinese page's first final one waits for its face)
        const frame = performance.getEntriesByName('parley-first-draw')[0].startTime;
        return performance.getEntriesByType('resource').map((e) => {
          const u = new URL(e.name);
          return { file: u.pathname.slice(1) + u.search, early: e.startTime < frame };
        });
      });
      for (const file of named) {
        const seen = loads.filter((l) => l.file === file);
        assert.equal(seen.length, 1, `${query} ${locale}: ${file} fetched once (the preload is what the page used): ${seen.length}`);
        assert.ok(seen[0].early, `${query} ${locale}: ${file} before the first frame`);
      }
      const unnamed = loads.filter((l) => l.early && !SHELL.test(l.file) && !named.includes(l.file)).map((l) => l.file);
      assert.deepEqual(unnamed, [], `${query} ${locale}: fetched before the first frame without a preload`);
    } finally {
      await context.close();
    }
  }
});

async function toComposer(page, lang) {
  const t = (m) => msg(lang, m);
  await page.getByRole('button', { name: t('MSG_START'), exact: true }).click();
  await page.getByRole('textbox', { name: new RegExp('^' + t('MSG_FULL_NAME')) }).fill('Amina Haddad');
  await page.getByRole('textbox', { name: new RegExp('^' + t('MSG_ORGANIZATION')) }).fill('Migrant Forum in Asia');
  await page.getByRole('radio').nth(2).click();
  await page.getByRole('button', { name: t('MSG_CONTINUE'), exact: true }).click();
  await page.getByRole('navigation').getByRole('button', { name: t('MSG_TAB_COMMENT'), exact: true }).click();
  return page.getByRole('textbox', { name: t('MSG_COMPOSE_TEXT'), exact: true });
}

test('accents and then Cyrillic typed on an English page fetch the Latin faces step by step, then are drawn', async () => {
  const v = await open('en');
  try {
    const field = await toComposer(v.page, 'en');
    assert.deepEqual(v.fetched, []);
    await field.fill('Ñandú, Ålesund');  // Latin-1 letters the English interface never shows
    await until(async () => (await pending(v.page)) === 0 && v.fetched.length > 0, 'the interface faces fetched', 5000);
    assert.deepEqual(v.fetched.sort(), ['NotoSans-Bold.ui.ttf', 'NotoSans-Regular.ui.ttf']);
    await field.fill('Спасибо, Łukasz: вопрос о статье 5');
    await until(async () => v.fetched.includes('NotoSans-Regular.ttf'), 'the full Latin face fetched');
    await until(async () => (await pending(v.page)) === 0, 'nothing waits any more', 5000);
    await nextFrame(v.page);
    const box = await field.boundingBox();
    assert.ok((await canvasInk(v.page, { x: box.x + 8, y: box.y + 8, width: 190, height: 30 })).dark > 0.02, 'the Cyrillic text is drawn');
    assert.deepEqual(v.errors, []);
  } finally {
    await v.context.close();
  }
});

test('Arabic typed on an English page fetches the engine and the face, then is drawn shaped', async () => {
  const v = await open('en');
  try {
    const field = await toComposer(v.page, 'en');
    assert.deepEqual(v.fetched, []);
    await field.fill('نشكر السيد Francesco Testa على 3 أسئلة');
    await until(async () => v.fetched.includes('shape.wasm') && v.fetched.includes('NotoSansArabic-Regular.ui.ttf'), 'the engine and the face fetched');
    await until(async () => (await pending(v.page)) === 0, 'nothing waits any more', 5000);
    await nextFrame(v.page);
    const box = await field.boundingBox();
    assert.ok((await canvasInk(v.page, { x: box.x + box.width - 200, y: box.y + 8, width: 190, height: 30 })).dark > 0.02,
              'the Arabic sentence is drawn at the right of the field');
    assert.deepEqual(await v.page.getByRole('radio', { name: 'العربية', exact: true }).getAttribute('aria-checked'), 'true');
    assert.deepEqual(await field.evaluate((el) => [el.lang, el.dir]), ['ar', 'rtl']);
    assert.deepEqual(v.errors, []);
  } finally {
    await v.context.close();
  }
});

test('Chinese beyond the interface face fetches the larger face', async () => {
  const v = await open('zh');
  try {
    const field = await toComposer(v.page, 'zh');
    assert.deepEqual(v.fetched, ['NotoSansCJKsc-Regular.ui.otf']);
    await field.fill('我的猫喜欢鱼'); // 猫, 鱼 and 喜 are not in the interface's face
    await until(async () => v.fetched.includes('NotoSansCJKsc-Regular.otf'), 'the larger face fetched');
    await until(async () => (await pending(v.page)) === 0, 'nothing waits any more', 10000);
    assert.deepEqual(v.errors, []);
  } finally {
    await v.context.close();
  }
});

test('an input method composing on a Chinese page fetches the full Chinese face', async () => {
  const v = await open('zh');
  try {
    const field = await toComposer(v.page, 'zh');
    assert.deepEqual(v.fetched, ['NotoSansCJKsc-Regular.ui.otf']);
    await field.focus();
    await field.dispatchEvent('compositionstart', { data: '' });
    await until(async () => v.fetched.includes('NotoSansCJKsc-Regular.otf'), 'the full face fetched as composition starts');
    await until(async () => (await pending(v.page)) === 0, 'nothing waits', 10000);
    assert.deepEqual(v.errors, []);
  } finally {
    await v.context.close();
  }
});
