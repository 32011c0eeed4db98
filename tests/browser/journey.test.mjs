// journey.test.mjs — a participant's whole journey in a real Chromium against a real parleyd:
// register (with validation), agenda, item, panellists, "ask this panellist", comment,
// receipt, my submissions — remote mode in English and kiosk mode in French with the
// on-screen keyboard — and the records really stored in IndexedDB, found by role and name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminJson } from '../lib/parleyd.mjs';
import { openPage, waitForFirstFrame, nextFrame, valueIs } from '../lib/browser.mjs';
import { serverAndBrowser } from '../lib/suite.mjs';
import { canvasInk } from '../lib/pixels.mjs';

const TOKEN = 'journey-test-token-0123456789abcdef0123456789';
const suite = serverAndBrowser({ env: { PARLEY_ADMIN_TOKEN: TOKEN } });

// The mirror shows C's state from the next frame on: wait for it rather than read at once.
const checked = (page, locator) => locator.and(page.locator('[aria-checked="true"]')).waitFor();

// The records as the secretariat sees them: uploaded by the outbox, exported by parleyd.
// Waits until `count` records of this device are there (0: just reads).
async function serverRecords(page, count) {
  const device = await page.evaluate(() => localStorage.getItem('parley.device'));
  const t0 = Date.now();
  for (;;) {
    const get = async (path) => adminJson(suite.server.url, path, TOKEN);
    const regs = (await get('api/v1/export/registrations.json')).registrations || [];
    const comments = (await get('api/v1/export/comments.json')).comments || [];
    const mine = [...regs, ...comments].map((r) => r.record).filter((r) => r.device === device);
    if (mine.length >= count || Date.now() - t0 > 15000) return mine;
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('remote participant in English: register, read, ask a panellist, get a receipt, come back', async () => {
  const { context, page, errors } = await openPage(suite.browser, suite.url);
  try {
    await waitForFirstFrame(page);
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your details' }).waitFor();

    // validation beside each field, nothing stored
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').filter({ hasText: 'Please enter your name.' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Please enter your organization.' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Please choose a category.' }).waitFor();
    assert.equal((await serverRecords(page, 0)).length, 0);

    await page.getByRole('textbox', { name: 'Full name *' }).fill('Ana María Gómez');
    await page.getByRole('textbox', { name: 'Organization *' }).fill('Red de Migración Segura');
    await page.getByRole('radio', { name: 'Non-governmental organization' }).click();
    await checked(page, page.getByRole('radio', { name: 'Non-governmental organization' }));
    await page.getByRole('button', { name: /^Country:/ }).click();
    await page.getByRole('textbox', { name: 'Search countries' }).fill('mexi');
    await page.getByRole('radio', { name: 'Mexico' }).click();
    await page.getByRole('button', { name: 'Country: Mexico' }).waitFor();
    await page.getByRole('textbox', { name: 'Email (optional)' }).fill('not an address');
    await page.getByRole('checkbox', { name: /may appear with my published comments/ }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').filter({ hasText: 'This email address does not look right.' }).waitFor();
    await page.getByRole('textbox', { name: 'Email (optional)' }).fill('ana@example.org');
    await page.getByRole('button', { name: 'Continue' }).click();

    // the agenda, an item, its panellists
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.waitFor();
    await page.getByRole('button', { name: /^3\. Panel discussion/ }).click();
    await page.getByRole('heading', { level: 1, name: /^3\. Panel discussion/ }).waitFor();
    const panel = page.getByRole('list', { name: 'Panellists' }).getByRole('listitem');
    await panel.first().waitFor();
    assert.equal(await panel.filter({ has: page.getByRole('heading', { name: /^Representative of/ }) }).count(), 3);
    await nav.getByRole('button', { name: 'Panellists' }).click();
    const rapha = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Representative of Rapha International' }) });
    await rapha.getByRole('button', { name: 'Ask this panellist' }).click();

    // the composer opens addressed to that panellist, under the panel item
    await page.getByRole('heading', { level: 1, name: 'Your comment or question' }).waitFor();
    await checked(page, page.getByRole('radio', { name: /^3\. Panel discussion/ }));
    await checked(page, page.getByRole('radio', { name: 'Representative of Rapha International' }));
    const text = 'How can NGO staff who assist smuggled migrants be protected from retaliation? ¿Y sus familias?';
    await page.getByRole('textbox', { name: 'Your comment' }).fill(text);
    await page.getByText(`${[...text].length} / 4000 characters`).waitFor();
    await page.getByRole('button', { name: 'Submit' }).click();

    // the receipt comes only after the record is committed to browser storage
    await page.getByRole('heading', { level: 1, name: 'Thank you — your comment is saved' }).waitFor();
    const reference = (await page.getByText(/^Reference: /).textContent()).replace('Reference: ', '');
    assert.match(reference, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const records = await serverRecords(page, 2);
    assert.equal(records.length, 2);
    const reg = records.find((r) => r.type === 'registration');
    const comment = records.find((r) => r.type === 'comment');
    assert.equal(reg.name, 'Ana María Gómez');
    assert.equal(reg.category, 'ngo');
    assert.equal(reg.country, 'MX');
    assert.equal(reg.email, 'ana@example.org');
    assert.equal(reg.publish_consent, true);
    assert.equal(comment.participant, reg.id);
    assert.equal(comment.agenda_item, 'panel-cluster-1');
    assert.equal(comment.addressed_to, 'rapha-international');
    assert.equal(comment.language, 'en');
    assert.equal(comment.text, text);
    assert.equal(comment.device, reg.device);
    assert.match(comment.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    await page.getByRole('button', { name: 'My submissions' }).first().click();
    const mine = page.getByRole('list', { name: 'My submissions' }).getByRole('listitem');
    await mine.first().waitFor();
    assert.equal(await mine.count(), 1);
    assert.match(await mine.first().textContent(), new RegExp(reference));
    await mine.filter({ hasText: 'Received by the secretariat' }).waitFor();

    // remote mode remembers the registration on this device
    await page.reload();
    await waitForFirstFrame(page);
    await page.getByText('Welcome back, Ana María Gómez').waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'My submissions' }).click();
    await page.getByRole('button', { name: 'Not you? Start over' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your details' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Full name *' }).inputValue(), '');
    assert.equal(await page.evaluate(() => localStorage.getItem('parley.registration')), null);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('kiosk in French: typing on the on-screen keyboard, nothing remembered for the next person', async () => {
  const { context, page, errors } = await openPage(suite.browser, suite.url + '?mode=kiosk&lang=fr',
    { viewport: { width: 1080, height: 1920 } });
  try {
    await waitForFirstFrame(page);
    await page.getByRole('button', { name: 'Commencer' }).click();
    const name = page.getByRole('textbox', { name: 'Nom complet *' });
    await name.click();
    const keyboard = page.getByRole('group', { name: 'Clavier à l’écran' });
    await keyboard.waitFor();
    const key = async (label) => {
      await keyboard.getByRole('button', { name: label, exact: true }).click();
      await nextFrame(page); // the mirror shows C's value from the next frame on
    };
    await key('Majuscules');
    await key('J');
    for (const k of ['o', 's']) await key(k);
    await key('Accents');
    await key('é');
    await key('Lettres');
    await key('Espace');
    await key('Majuscules');
    await key('N');
    for (const k of ['u', 'n', 'e', 'z']) await key(k);
    await key('Effacer');
    await key('s');
    await valueIs(name, 'José Nunes');
    // the canvas shows it too: dark text inside the drawn field
    await nextFrame(page);
    const box = await name.boundingBox();
    const ink = await canvasInk(page, { x: box.x + 8, y: box.y + 8, width: 140, height: box.height - 16 });
    assert.ok(ink.dark > 0.01, `typed text drawn: ${JSON.stringify(ink)}`);
    await key('Terminé');
    await keyboard.waitFor({ state: 'detached' });

    await page.getByRole('textbox', { name: 'Organisation *' }).fill('Université de Genève');
    await page.getByRole('radio', { name: 'Milieu universitaire' }).click();
    await page.getByRole('button', { name: 'Continuer' }).click();
    const nav = page.getByRole('navigation', { name: 'Rubriques' });
    await nav.getByRole('button', { name: 'Commenter' }).click();
    await page.getByRole('radio', { name: /^4\. Recueil des contributions/ }).click();
    await page.getByRole('textbox', { name: 'Votre commentaire' }).fill('Renforcer la formation des forces de l’ordre avec la société civile.');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Merci — votre commentaire est enregistré' }).waitFor();
    const records = await serverRecords(page, 2);
    const comment = records.find((r) => r.type === 'comment');
    assert.equal(comment.language, 'fr');
    assert.equal(comment.agenda_item, 'inputs');
    assert.equal(comment.addressed_to, null);
    assert.equal(records.find((r) => r.type === 'registration').name, 'José Nunes');

    // finishing wipes the person from the screen and the mirror; the records stay queued
    await page.getByRole('button', { name: 'Terminer et effacer mes coordonnées' }).click();
    await page.getByRole('button', { name: 'Commencer' }).waitFor();
    assert.equal(await page.evaluate(() => document.getElementById('mirror').textContent.includes('José')), false);
    assert.equal((await serverRecords(page, 2)).length, 2);
    assert.equal(await page.evaluate(() => localStorage.getItem('parley.registration')), null);
    await page.reload();
    await waitForFirstFrame(page);
    await page.getByRole('button', { name: 'Commencer' }).waitFor();
    assert.equal(await page.getByText(/Bon retour/).count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('kiosk idle: a countdown, then a reset that wipes the name from mirror and screen', async () => {
  const { context, page, errors } = await openPage(suite.browser, suite.url + '?mode=kiosk&idle=5');
  try {
    await waitForFirstFrame(page);
    await page.getByRole('button', { name: 'Start' }).click();
    const name = page.getByRole('textbox', { name: 'Full name *' });
    await name.fill('Wanjiru Kamau');
    await nextFrame(page);
    const field = await name.boundingBox();
    const region = { x: field.x + 8, y: field.y + 8, width: 140, height: field.height - 16 };
    const before = await canvasInk(page, region);
    assert.ok(before.dark > 0.01, `the name is drawn: ${JSON.stringify(before)}`);
    await page.mouse.click(5, 300); // somewhere empty: closes the keyboard, counts as activity
    const dialog = page.getByRole('dialog', { name: 'Still there?' });
    await dialog.waitFor({ timeout: 10000 });
    assert.match(await dialog.getByRole('alert').textContent(), /clear your details in \d+ seconds/);
    await page.getByRole('button', { name: 'Start' }).waitFor({ timeout: 15000 });
    assert.equal(await page.evaluate(() => document.getElementById('mirror').textContent.includes('Wanjiru')), false);
    assert.equal(await page.getByRole('textbox').count(), 0);
    await page.getByRole('button', { name: 'Start' }).click();
    const again = page.getByRole('textbox', { name: 'Full name *' });
    assert.equal(await again.inputValue(), '');
    await nextFrame(page);
    const after = await canvasInk(page, region);
    assert.ok(after.dark < 0.005, `the field is empty on screen: ${JSON.stringify(after)}`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the countdown is dismissed by "I’m still here" and nothing is lost', async () => {
  const { context, page, errors } = await openPage(suite.browser, suite.url + '?mode=kiosk&idle=5');
  try {
    await waitForFirstFrame(page);
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('textbox', { name: 'Full name *' }).fill('Lena Fischer');
    await page.mouse.click(5, 300);
    await page.getByRole('dialog', { name: 'Still there?' }).waitFor({ timeout: 10000 });
    await page.getByRole('button', { name: 'I’m still here' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await valueIs(page.getByRole('textbox', { name: 'Full name *' }), 'Lena Fischer');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('switching language keeps what was typed; keyboard users can Tab and press Enter', async () => {
  const { context, page, errors } = await openPage(suite.browser, suite.url);
  try {
    await waitForFirstFrame(page);
    // keyboard only: Tab to "Start", Enter
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => document.activeElement && document.activeElement.textContent);
      if (label === 'Start') break;
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Your details' }).waitFor();
    await page.getByRole('textbox', { name: 'Full name *' }).fill('Chidi Okafor');
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vos coordonnées' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Nom complet *' }).inputValue(), 'Chidi Okafor');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your details' }).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
