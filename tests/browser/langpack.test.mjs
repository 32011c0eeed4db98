// langpack.test.mjs — the other languages are packs fetched when needed (core/langpack.h):
// an English visitor downloads none; ?lang= has the visitor's language in the very first
// frame; switching fetches the pack, then switches, also offline once the service worker
// precached the packs; a missing or damaged pack leaves the kiosk in English, working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitForFirstFrame } from '../lib/browser.mjs';
import { serverAndBrowser } from '../lib/suite.mjs';

const suite = serverAndBrowser();

// A page whose mirror text at the moment of the first frame is kept in window.firstMirror,
// and whose requests for language packs are counted.
async function open(url, { routePack } = {}) {
  // with a route, no service worker: it would answer from its cache, not through the route
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB',
                                                   serviceWorkers: routePack ? 'block' : 'allow' });
  await context.addInitScript(() => {
    const mark = performance.mark.bind(performance);
    performance.mark = (name, ...rest) => {
      if (name === 'parley-first-frame') window.firstMirror = document.getElementById('mirror').textContent;
      return mark(name, ...rest);
    };
  });
  const page = await context.newPage();
  const packs = [];
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('request', (r) => { if (/\/lang\/[a-z]+\.txt$/.test(r.url())) packs.push(r.url().replace(/^.*\/lang\//, '')); });
  if (routePack) await page.route('**/lang/*.txt', routePack);
  await page.goto(url);
  await waitForFirstFrame(page);
  return { context, page, packs, errors };
}

test('an English visitor fetches no language pack; choosing French fetches its pack, then switches', async () => {
  const { context, page, packs, errors } = await open(suite.url);
  try {
    await page.getByRole('heading', { level: 2, name: 'Agenda' }).waitFor();
    assert.deepEqual(packs, []);
    await page.getByRole('radio', { name: 'Français' }).click();
    await page.getByRole('heading', { level: 2, name: 'Ordre du jour' }).waitFor();
    assert.deepEqual(packs, ['fr.txt']);
    // the first frame had the event's English texts only; the live poll brought the rest
    await page.getByRole('button', { name: /Exposé sur l’évolution et les résultats du processus d’examen/ }).waitFor();
    await page.getByRole('button', { name: 'Commencer' }).click();
    await page.getByRole('button', { name: /^Pays/ }).click();
    await page.getByRole('textbox').first().fill('allem');
    await page.getByRole('radio', { name: 'Allemagne' }).waitFor(); // country names from the pack
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('textbox').first().fill('germ');
    await page.getByRole('radio', { name: 'Germany' }).waitFor();
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('radio', { name: 'Allemagne' }).waitFor();
    assert.deepEqual(packs, ['fr.txt'], 'a pack is fetched once');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('?lang=ru: the first frame is already in Russian', async () => {
  const { context, page, packs, errors } = await open(suite.url + '?lang=ru');
  try {
    const first = await page.evaluate(() => window.firstMirror);
    assert.match(first, /Повестка дня/);
    assert.doesNotMatch(first, /Agenda/);
    assert.deepEqual(packs, ['ru.txt']);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a missing or damaged pack: the kiosk starts and stays in English, and works', async () => {
  let mode = 'missing';
  const routePack = (route) => {
    if (mode === 'missing') return route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":"not found"}' });
    if (mode === 'damaged') {
      return route.fulfill({ status: 200, contentType: 'text/plain; charset=utf-8',
                             body: 'parley-lang 1 fr\nm MSG_WELCOME_BACK\tBonjour %d %s %n\n' });
    }
    return route.continue();
  };
  const { context, page, errors } = await open(suite.url + '?lang=fr', { routePack });
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  try {
    assert.match(await page.evaluate(() => window.firstMirror), /Agenda/);
    await page.getByRole('button', { name: 'Start' }).waitFor();
    mode = 'damaged';
    await page.getByRole('radio', { name: 'Français' }).click();
    for (let i = 0; i < 50 && !warnings.some((w) => /fr language pack/.test(w)); i++) await page.waitForTimeout(100);
    assert.ok(warnings.some((w) => /the fr language pack: line 2: MSG_WELCOME_BACK/.test(w)), warnings.join('\n'));
    await page.getByRole('button', { name: 'Start' }).click(); // still English, still working
    await page.getByRole('heading', { level: 1, name: 'Your details' }).waitFor();
    mode = 'good';
    await page.getByRole('button', { name: 'Français' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vos coordonnées' }).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('offline, once loaded: switching to Spanish works from the precached pack', async () => {
  const { context, page: first, errors } = await open(suite.url);
  try {
    await first.evaluate(() => navigator.serviceWorker.ready);
    await first.close();
    await context.setOffline(true);
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(suite.url);
    await waitForFirstFrame(page);
    await page.getByRole('radio', { name: 'Español' }).click();
    await page.getByRole('heading', { level: 2, name: 'Programa' }).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
