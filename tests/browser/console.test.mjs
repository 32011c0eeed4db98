// console.test.mjs — the secretariat's console (/?mode=console) in Chromium against a real
// parleyd with accounts made by `parleyd user`: sign-in (the password a real password field),
// a comment submitted from a kiosk in another tab seen live within 2 s of its acknowledgement,
// published from the console and then on /published/, withheld with the keyboard, a
// colleague's decision seen live within 2 s, a dropped stream resumed without losing a
// decision, 409 shown in words, an ended session back to sign-in; and screenshots at
// 1920×1080, 1280×800 and a 768 px tablet under build/screenshots/, each screen audited by
// axe-core (no serious or critical violation).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';

import { ndjson, newComment, newRegistration, postRecords } from '../lib/parleyd.mjs';
import { waitForFirstFrame, nextFrame } from '../lib/browser.mjs';
import { openDrawn, signInConsole, staffSuite, unexpected } from '../lib/console.mjs';
import { assertAccessible } from '../lib/axe.mjs';
import { call, PASSWORD, setPublication, signIn } from '../server/staff.mjs';

const OUT = 'build/screenshots';
const LIVE_MS = 2000;
const suite = staffSuite([['mod', 'moderator'], ['colleague', 'moderator']]);
before(() => mkdirSync(OUT, { recursive: true }));

const openConsole = (context, viewport) => openDrawn(context, `${suite.server.url}?mode=console`, viewport);

// Signed in and the event stream connected.
async function signInLive(page, name = 'mod') {
  await signInConsole(page, name);
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
}

// The row of a comment in the console's list, by its reference (its accessible name starts so).
const row = (page, reference) => page.getByRole('listitem').getByRole('button', { name: new RegExp(`^${reference} `) });

async function postComment(text, over = {}) {
  const reg = newRegistration({ name: 'Amina Diallo', organization: 'Red de Migración Segura' });
  const c = newComment(reg, { text, ...over });
  const r = await postRecords(suite.server.url, ndjson([reg, c]));
  assert.equal(r.status, 200);
  const mod = await signIn(suite.server.url, 'colleague');
  const found = await call(suite.server.url, `api/v1/comments?q=${encodeURIComponent(text)}`, { cookie: mod.cookie });
  return { id: c.id, reference: found.json.comments.find((x) => x.id === c.id).reference, at: performance.now() };
}

test('sign in, see a kiosk comment live, publish it, see it on /published/; withhold by keyboard', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'en-GB' });
  try {
    const { page, errors } = await openConsole(context);
    await page.screenshot({ path: `${OUT}/console-signin-1920x1080.png` });
    await assertAccessible(page, `console-signin-1920x1080`);
    // a wrong password is said in words and the field is emptied
    await page.getByRole('textbox', { name: 'Account name' }).fill('mod');
    await page.getByRole('textbox', { name: 'Password' }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong account name or password.' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Password' }).inputValue(), '');
    await signInLive(page);

    // a participant at a kiosk, in another tab
    const acks = [];
    context.on('response', (r) => { if (r.url().endsWith('api/v1/records') && r.status() === 200) acks.push(performance.now()); });
    const kiosk = await context.newPage();
    await kiosk.goto(`${suite.server.url}?mode=kiosk`);
    await waitForFirstFrame(kiosk);
    await kiosk.getByRole('button', { name: 'Start' }).click();
    await kiosk.getByRole('textbox', { name: 'Full name *' }).fill('Ana María Gómez');
    await kiosk.getByRole('textbox', { name: 'Organization *' }).fill('Casa Monarca');
    await kiosk.keyboard.press('Escape'); // closes the on-screen keyboard, which covers the buttons
    await kiosk.getByRole('radio', { name: 'Non-governmental organization' }).click();
    await kiosk.getByRole('checkbox', { name: /may appear with my published comments/ }).click();
    await kiosk.getByRole('button', { name: 'Continue' }).click();
    await kiosk.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Comment' }).click();
    await kiosk.getByRole('radio', { name: /^3\. Panel discussion/ }).click();
    const text = 'Judges and lawyers need training on the Smuggling of Migrants Protocol.';
    await kiosk.getByRole('textbox', { name: 'Your comment' }).fill(text);
    await kiosk.keyboard.press('Escape');
    await kiosk.getByRole('button', { name: 'Submit' }).click();
    await kiosk.getByRole('heading', { level: 1, name: 'Thank you — your comment is saved' }).waitFor();
    const ref = (await kiosk.getByText(/^Reference: /).textContent()).replace('Reference: ', '');

    // the console shows it within 2 s of parleyd's acknowledgement
    await row(page, ref).waitFor({ timeout: 15000 });
    const seen = performance.now();
    assert.ok(acks.length > 0, 'the kiosk uploaded');
    const lag = seen - acks[acks.length - 1];
    console.log(`console: a kiosk's comment appeared ${lag.toFixed(0)} ms after its acknowledgement`);
    assert.ok(lag <= LIVE_MS, `seen ${lag.toFixed(0)} ms after the acknowledgement`);

    // read it, publish it; the public page has it
    await row(page, ref).click();
    await page.getByRole('heading', { level: 2, name: ref }).waitFor();
    await page.locator('p').getByText(text, { exact: true }).waitFor();
    await page.getByText('Participant: Ana María Gómez — Casa Monarca · Non-governmental organization').waitFor();
    await nextFrame(page);
    await page.screenshot({ path: `${OUT}/console-comment-1920x1080.png` });
    await assertAccessible(page, `console-comment-1920x1080`);
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('status').filter({ hasText: `${ref} is published.` }).waitFor();
    const published = await (await fetch(`${suite.server.url}published/`)).text();
    assert.ok(published.includes(text), 'on /published/');
    assert.ok(published.includes('Ana María Gómez'), 'with the name: consent was given');

    // the keyboard: J selects the newest, W opens the reasons, 4 picks "Duplicate", W sends it
    const dup = await postComment('The same comment again, sent twice by mistake.');
    await row(page, dup.reference).waitFor();
    await page.getByRole('button', { name: 'Comments', exact: true }).focus();
    await page.getByText(/^Keys: J next, K previous, P publish, W withhold/).first().waitFor();
    await page.keyboard.press('k'); // back to the top of the list: the newest
    await page.keyboard.press('k');
    await page.getByRole('heading', { level: 2, name: dup.reference }).waitFor();
    await page.keyboard.press('w');
    await page.getByRole('radiogroup', { name: 'Reason for withholding' }).waitFor();
    await page.keyboard.press('4');
    await page.getByRole('radio', { name: '4 · Duplicate' }).and(page.locator('[aria-checked="true"]')).waitFor();
    await page.keyboard.press('w');
    await page.getByRole('status').filter({ hasText: `${dup.reference} is withheld.` }).waitFor();
    const page2 = await (await fetch(`${suite.server.url}published/`)).text();
    assert.ok(page2.includes(dup.reference) && !page2.includes('sent twice by mistake'), 'withheld: listed, text never shown');

    // the moderation log lists both decisions, newest first
    await page.getByRole('button', { name: 'Moderation log' }).click();
    const entries = page.getByRole('list', { name: 'Moderation log' }).getByRole('listitem');
    await entries.first().waitFor();
    assert.match(await entries.first().textContent(), new RegExp(`${dup.reference} · Pending → Withheld · Duplicate`));
    assert.match(await entries.nth(1).textContent(), new RegExp(`${ref} · Pending → Published`));
    await page.screenshot({ path: `${OUT}/console-log-1920x1080.png` });
    await assertAccessible(page, `console-log-1920x1080`);

    // signing out wipes the session: the password field is empty, the list is gone
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('textbox', { name: 'Password' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Password' }).inputValue(), '');
    assert.equal(await page.evaluate(() => document.getElementById('mirror').textContent.includes('Judges and lawyers')), false);
    assert.deepEqual(unexpected(errors), []);
  } finally {
    await context.close();
  }
});

test("a colleague's decision live, a dropped stream resumed, 409 in words, an ended session", async () => {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  try {
    const { page, errors } = await openConsole(context);
    await signInLive(page);
    const colleague = await signIn(suite.server.url, 'colleague');

    // a colleague publishes: the console shows it within 2 s
    const a = await postComment('A comment a colleague publishes.');
    await row(page, a.reference).waitFor();
    await row(page, a.reference).click();
    await page.getByRole('heading', { level: 2, name: a.reference }).waitFor();
    const t0 = performance.now();
    assert.equal((await setPublication(suite.server.url, colleague, a.id, { state: 'published', version: 0 })).status, 200);
    await page.getByRole('listitem').getByRole('button', { name: new RegExp(`^${a.reference} .*, Published\\.`) }).waitFor();
    const lag = performance.now() - t0;
    console.log(`console: a colleague's decision appeared after ${lag.toFixed(0)} ms`);
    assert.ok(lag <= LIVE_MS, `seen after ${lag.toFixed(0)} ms`);

    // the stream drops; meanwhile a colleague decides on b and c; the console, not knowing,
    // tries to decide on b: 409, in words; when the stream is back both decisions are there
    const b = await postComment('A comment two moderators decide on at once.');
    const c = await postComment('A comment decided while the console was cut off.');
    await row(page, c.reference).waitFor();
    await context.route('**/api/v1/stream*', (route) => route.abort());
    await page.evaluate(() => { for (const ctl of window.parley.parleyRequests.values()) ctl.abort(); });
    await page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor();
    assert.equal((await setPublication(suite.server.url, colleague, b.id, { state: 'published', version: 0 })).status, 200);
    assert.equal((await setPublication(suite.server.url, colleague, c.id, { state: 'withheld', reason: 'off_topic', version: 0 })).status, 200);
    await row(page, b.reference).click();
    await page.getByRole('heading', { level: 2, name: b.reference }).waitFor();
    await page.getByRole('button', { name: 'Withhold', exact: true }).click();
    await page.getByRole('radio', { name: '1 · Off topic' }).click();
    await page.getByRole('button', { name: 'Withhold with this reason' }).click();
    await page.getByRole('alert').filter({ hasText: `A colleague decided on ${b.reference} first.` }).waitFor();
    await nextFrame(page);
    await page.screenshot({ path: `${OUT}/console-conflict-1280x800.png` });
    await assertAccessible(page, `console-conflict-1280x800`);
    // the console fetched b as it is now
    await page.getByRole('listitem').getByRole('button', { name: new RegExp(`^${b.reference} .*, Published\\.`) }).waitFor();
    await context.unroute('**/api/v1/stream*');
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 10000 });
    // c's decision, made while cut off, arrives by the replay of Last-Event-ID
    await page.getByRole('listitem').getByRole('button', { name: new RegExp(`^${c.reference} .*, Withheld\\.`) }).waitFor({ timeout: 5000 });

    // filters and counts: withheld only
    await page.getByRole('button', { name: /^Withheld: \d+$/ }).click();
    await row(page, c.reference).waitFor();
    assert.equal(await row(page, a.reference).count(), 0);
    await page.getByRole('button', { name: /^All: \d+$/ }).click();
    await page.getByRole('textbox', { name: 'Search the text or a reference code' }).fill(a.reference.toLowerCase());
    await row(page, a.reference).waitFor();
    assert.equal(await page.getByRole('listitem').count(), 1);
    await page.getByRole('textbox', { name: 'Search the text or a reference code' }).fill('');
    await row(page, b.reference).click();
    await nextFrame(page);
    await page.screenshot({ path: `${OUT}/console-list-1280x800.png` });
    await assertAccessible(page, `console-list-1280x800`);

    // the session ends elsewhere: the next request is 401 and the console is back at sign-in
    const cookie = (await context.cookies()).find((k) => k.name === 'parley_session');
    const who = await call(suite.server.url, 'api/v1/session', { cookie: `parley_session=${cookie.value}` });
    assert.equal((await call(suite.server.url, 'api/v1/session', { method: 'DELETE', cookie: `parley_session=${cookie.value}`, csrf: who.json.csrf })).status, 200);
    await page.keyboard.press('u');
    await page.getByRole('alert').filter({ hasText: 'Your session ended' }).waitFor();
    await page.getByRole('textbox', { name: 'Password' }).waitFor();
    assert.deepEqual(unexpected(errors, /ERR_FAILED/), []); // the streams this test cut
  } finally {
    await context.close();
  }
});

test('a 768 px tablet: the list, then the comment alone with a way back', async () => {
  const context = await suite.browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'en-GB', hasTouch: true });
  try {
    const { page, errors } = await openConsole(context);
    await signInLive(page);
    const t = await postComment('A comment read on a tablet.');
    await row(page, t.reference).waitFor();
    await nextFrame(page);
    await page.screenshot({ path: `${OUT}/console-list-768x1024.png` });
    await assertAccessible(page, `console-list-768x1024`);
    await row(page, t.reference).tap();
    await page.getByRole('button', { name: 'Back to the list' }).waitFor();
    await page.getByRole('button', { name: 'Publish', exact: true }).waitFor();
    await nextFrame(page);
    await page.screenshot({ path: `${OUT}/console-comment-768x1024.png` });
    await assertAccessible(page, `console-comment-768x1024`);
    await page.getByRole('button', { name: 'Back to the list' }).tap();
    await row(page, t.reference).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
    assert.equal(overflow, false);
    assert.deepEqual(unexpected(errors), []);
  } finally {
    await context.close();
  }
});

test('in French (and Russian): the console in the interface language, nothing cramped', async () => {
  await postComment('Рекомендуется обучать судей и адвокатов положениям Протокола о незаконном ввозе мигрантов.',
                    { language: 'ru', addressed_to: 'migrant-forum-in-asia' });
  for (const [lang, labels] of [['fr', ['Nom du compte', 'Mot de passe', 'Se connecter', 'Se déconnecter', 'Journal de modération']],
                                ['ru', ['Имя учетной записи', 'Пароль', 'Войти', 'Выйти', 'Журнал модерации']]]) {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: lang });
    try {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (err) => errors.push(String(err)));
      await page.goto(`${suite.server.url}?mode=console&lang=${lang}`);
      await waitForFirstFrame(page);
      await page.getByRole('textbox', { name: labels[0] }).fill('mod');
      await page.getByRole('textbox', { name: labels[1] }).fill(PASSWORD);
      await page.getByRole('button', { name: labels[2] }).click();
      await page.getByRole('button', { name: labels[3] }).waitFor();
      await page.getByRole('button', { name: labels[4] }).waitFor();
      await page.getByRole('listitem').first().getByRole('button').click();
      await page.getByRole('heading', { level: 2 }).waitFor();
      await nextFrame(page);
      await page.screenshot({ path: `${OUT}/console-comment-${lang}-1280x800.png` });
      await assertAccessible(page, `console-comment-${lang}-1280x800`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});
