// screens.test.mjs — every screen at the three sizes Parley must serve (portrait touch kiosk,
// landscape screen, phone) in each of the six languages, saved under
// build/screenshots/<size>/<lang>/ for people to look at, with the checks a glance would make:
// nothing off the side of the screen, targets big enough, and axe-core's audit of the mirror
// and the page (no serious or critical violation) in kiosk mode (the portrait size) and remote
// mode (the other two). Controls are found by their names in that language, read from the
// project's PO files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { openPage, waitForFirstFrame, nextFrame } from '../lib/browser.mjs';
import { assertAccessible } from '../lib/axe.mjs';
import { serverAndBrowser } from '../lib/suite.mjs';
import { msg, startsWith } from '../lib/po.mjs';

const OUT = 'build/screenshots';
const SIZES = [
  { name: 'kiosk-portrait-1080x1920', viewport: { width: 1080, height: 1920 }, query: '?mode=kiosk&', target: 64 },
  { name: 'landscape-1920x1080', viewport: { width: 1920, height: 1080 }, query: '?', target: 48 },
  { name: 'phone-390x844', viewport: { width: 390, height: 844 }, query: '?', target: 48, dpr: 2 },
];
const LANGS = ['en', 'fr', 'es', 'ru', 'ar', 'zh'];
// What each language's participant writes: with a Latin name and digits in the Arabic one.
const COMMENTS = {
  en: 'We ask Member States to reduce the cost of legal identity and travel documents, and to tell migrants where to obtain them.',
  fr: 'Nous demandons aux États de réduire le coût des documents d’identité et de voyage, et d’indiquer aux migrants où les obtenir.',
  es: 'Pedimos a los Estados que reduzcan el costo de los documentos de identidad y de viaje, y que informen a los migrantes dónde obtenerlos.',
  ru: 'Мы просим государства снизить стоимость документов, удостоверяющих личность, и проездных документов.',
  ar: 'نشكر السيد Francesco Testa ونطلب من الدول خفض تكلفة وثائق الهوية والسفر للمهاجرين في 3 مراحل.',
  zh: '我们请各国降低身份证件和旅行证件的费用，并告诉移民在哪里可以获得这些证件。',
};

const suite = serverAndBrowser();

// Every control inside the viewport horizontally and at least `target` px tall and wide
// (on-screen keys and tabs included); returns the offenders.
function layoutProblems(page, target) {
  return page.evaluate((min) => {
    const bad = [];
    const w = window.innerWidth;
    for (const el of document.querySelectorAll('#mirror button, #mirror input, #mirror textarea')) {
      const r = el.getBoundingClientRect();
      const name = el.getAttribute('aria-label') || el.textContent;
      if (r.left < -0.5 || r.right > w + 0.5) bad.push(`${name}: x ${r.left}..${r.right} outside 0..${w}`);
      if (r.height < min - 0.5 || r.width < min - 0.5) bad.push(`${name}: ${r.width}×${r.height} smaller than ${min}`);
    }
    return bad;
  }, target);
}

for (const size of SIZES) {
  for (const lang of LANGS) {
    test(`every screen at ${size.name} in ${lang}`, async () => {
      const dir = `${OUT}/${size.name}/${lang}`;
      mkdirSync(dir, { recursive: true });
      const { context, page, errors } = await openPage(suite.browser, `${suite.server.url}${size.query}lang=${lang}`,
        { viewport: size.viewport, deviceScaleFactor: size.dpr || 1, locale: lang });
      const t = (name) => msg(lang, name);
      let n = 0;
      const shot = async (label) => {
        await nextFrame(page);
        await page.screenshot({ path: `${dir}/${String(++n).padStart(2, '0')}-${label}.png` });
        assert.deepEqual(await layoutProblems(page, size.target), [], `${size.name} ${lang} ${label}`);
        await assertAccessible(page, `${size.name} ${lang} ${label}`);
      };
      try {
        await waitForFirstFrame(page);
        assert.equal(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir].join()),
                     `${lang},${lang === 'ar' ? 'rtl' : 'ltr'}`);
        await shot('welcome');
        await page.getByRole('button', { name: t('MSG_START'), exact: true }).click();
        await page.getByRole('heading', { level: 1, name: t('MSG_REGISTER_TITLE'), exact: true }).waitFor();
        await page.getByRole('button', { name: t('MSG_CONTINUE'), exact: true }).click();
        await page.getByRole('alert').first().waitFor();
        const name = page.getByRole('textbox', { name: startsWith(t('MSG_FULL_NAME')) });
        await name.click();
        await shot('register-errors');
        await name.fill(lang === 'ar' ? 'مريم العلي' : lang === 'zh' ? '李明' : 'Maria das Graças Nascimento');
        await page.getByRole('textbox', { name: startsWith(t('MSG_ORGANIZATION')) }).fill('Instituto Brasileiro de Direitos Humanos');
        await page.getByRole('radio').nth(2).click(); // a stakeholder category
        await page.getByRole('button', { name: startsWith(t('MSG_COUNTRY') + ':') }).click();
        await page.getByRole('textbox', { name: t('MSG_COUNTRY_SEARCH'), exact: true }).fill('bra');
        await shot('country');
        await page.getByRole('radio').first().click();
        await page.getByRole('heading', { level: 1, name: t('MSG_REGISTER_TITLE'), exact: true }).waitFor();
        await page.keyboard.press('Escape');
        await shot('register-filled');
        await page.getByRole('button', { name: t('MSG_CONTINUE'), exact: true }).click();
        const nav = page.getByRole('navigation');
        await nav.waitFor();
        await shot('agenda');
        await page.getByRole('button', { name: /^3\. / }).click();
        await page.getByRole('heading', { level: 1, name: /^3\. / }).waitFor();
        await shot('item');
        await nav.getByRole('button', { name: t('MSG_TAB_PANELLISTS'), exact: true }).click();
        await page.getByRole('heading', { level: 1, name: t('MSG_PANELLISTS'), exact: true }).waitFor();
        await shot('panellists');
        await page.getByRole('button', { name: t('MSG_ASK_PANELLIST'), exact: true }).nth(1).click();
        const text = page.getByRole('textbox', { name: t('MSG_COMPOSE_TEXT'), exact: true });
        await text.fill(COMMENTS[lang]);
        await text.click();
        await shot('compose');
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: t('MSG_SUBMIT'), exact: true }).click();
        await page.getByText(/[0-9A-Z]{4}-[0-9A-Z]{4}$/).waitFor();
        await shot('receipt');
        await nav.getByRole('button', { name: t('MSG_TAB_MINE'), exact: true }).click();
        await page.getByRole('heading', { level: 1, name: t('MSG_MINE_TITLE'), exact: true }).waitFor();
        await shot('mine');
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
}
