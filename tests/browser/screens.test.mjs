// screens.test.mjs — every screen at the three sizes Parley must serve (portrait touch kiosk,
// landscape screen, phone), saved under build/screenshots/ for people to look at, with the
// checks a glance would make: nothing off the side of the screen, targets big enough.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { openPage, waitForFirstFrame, nextFrame } from '../lib/browser.mjs';
import { serverAndBrowser } from '../lib/suite.mjs';

const OUT = 'build/screenshots';
const SIZES = [
  { name: 'kiosk-portrait-1080x1920', viewport: { width: 1080, height: 1920 }, query: '?mode=kiosk', target: 64 },
  { name: 'landscape-1920x1080', viewport: { width: 1920, height: 1080 }, query: '?lang=fr', target: 48 },
  { name: 'phone-390x844', viewport: { width: 390, height: 844 }, query: '', target: 48, dpr: 2 },
];

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
  test(`every screen at ${size.name}`, async () => {
    const dir = `${OUT}/${size.name}`;
    mkdirSync(dir, { recursive: true });
    const { context, page, errors } = await openPage(suite.browser, suite.server.url + size.query,
      { viewport: size.viewport, deviceScaleFactor: size.dpr || 1, locale: size.query.includes('fr') ? 'fr-FR' : 'en-GB' });
    const fr = size.query.includes('fr');
    const t = (en, frText) => (fr ? frText : en);
    let n = 0;
    const shot = async (label) => {
      await nextFrame(page);
      await page.screenshot({ path: `${dir}/${String(++n).padStart(2, '0')}-${label}.png` });
      assert.deepEqual(await layoutProblems(page, size.target), [], `${size.name} ${label}`);
    };
    try {
      await waitForFirstFrame(page);
      await shot('welcome');
      await page.getByRole('button', { name: t('Start', 'Commencer') }).click();
      await page.getByRole('heading', { level: 1, name: t('Your details', 'Vos coordonnées') }).waitFor();
      await page.getByRole('button', { name: t('Continue', 'Continuer') }).click();
      await page.getByRole('alert').first().waitFor();
      await page.getByRole('textbox', { name: t('Full name *', 'Nom complet *') }).click();
      await shot('register-errors');
      await page.getByRole('textbox', { name: t('Full name *', 'Nom complet *') }).fill('Maria das Graças Nascimento');
      await page.getByRole('textbox', { name: t('Organization *', 'Organisation *') }).fill('Instituto Brasileiro de Direitos Humanos');
      await page.getByRole('radio', { name: t('Academia', 'Milieu universitaire') }).click();
      await page.getByRole('button', { name: new RegExp(`^${t('Country', 'Pays')}:`) }).click();
      await page.getByRole('textbox', { name: t('Search countries', 'Rechercher un pays') }).fill(t('bra', 'brés'));
      await shot('country');
      await page.getByRole('radio', { name: t('Brazil', 'Brésil') }).click();
      await page.getByRole('heading', { level: 1, name: t('Your details', 'Vos coordonnées') }).waitFor();
      await page.keyboard.press('Escape');
      await shot('register-filled');
      await page.getByRole('button', { name: t('Continue', 'Continuer') }).click();
      const nav = page.getByRole('navigation');
      await nav.waitFor();
      await shot('agenda');
      await page.getByRole('button', { name: /^3\. / }).click();
      await page.getByRole('heading', { level: 1, name: /^3\. / }).waitFor();
      await shot('item');
      await nav.getByRole('button', { name: t('Panellists', 'Intervenants') }).click();
      await page.getByRole('heading', { level: 1, name: t('Panellists', 'Intervenants') }).waitFor();
      await shot('panellists');
      await page.getByRole('button', { name: t('Ask this panellist', 'Interroger cet intervenant') }).nth(1).click();
      const text = page.getByRole('textbox', { name: t('Your comment', 'Votre commentaire') });
      await text.fill(t('We ask Member States to reduce the cost of legal identity and travel documents, and to tell migrants where to obtain them.',
                        'Nous demandons aux États de réduire le coût des documents d’identité et de voyage, et d’indiquer aux migrants où les obtenir.'));
      await text.click();
      await shot('compose');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: t('Submit', 'Envoyer') }).click();
      await page.getByText(/: [0-9A-Z]{4}-[0-9A-Z]{4}$/).waitFor();
      await shot('receipt');
      await nav.getByRole('button', { name: t('My submissions', 'Mes contributions') }).click();
      await page.getByRole('heading', { level: 1, name: t('My submissions', 'Mes contributions') }).waitFor();
      await shot('mine');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}
