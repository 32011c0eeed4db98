// languages.mjs — `make bench`: what each of the six languages costs a visitor. For each, a cold
// load in Chromium lists every file the page had received when its first final frame was
// drawn (nothing on it waiting for a face or the engine), with gzip -9 of each as built; then
// what an Arabic and a Chinese visitor pay beyond an English one (budgets: 80 KiB for the
// shaping engine and the Arabic face; 120 KiB for the Chinese interface face), and how long the
// first final frame took (median of cold loads).
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { startParleyd } from '../lib/parleyd.mjs';
import { launchBrowser } from '../lib/browser.mjs';

const WEB = 'build/web';
const RUNS = Number(process.env.BENCH_RUNS || 5);
const LANGS = ['en', 'fr', 'es', 'ru', 'ar', 'zh'];
const BUDGET_KIB = { ar: 80, zh: 120 };
const AFTER_FIRST_FRAME = ['parley.deferred.wasm', 'lz4dict.bin'];
const isPack = (f) => f.startsWith('lang/');
const LATIN_FIRST = ['fonts/NotoSans-Regular.first.ttf', 'fonts/NotoSans-Bold.first.ttf'];
const LATIN_RU = ['fonts/NotoSans-Regular.ru.ttf', 'fonts/NotoSans-Bold.ru.ttf'];
const LATIN_FULL = ['fonts/NotoSans-Regular.ttf', 'fonts/NotoSans-Bold.ttf'];
const gz = new Map();
const gzipOf = (file) => {
  if (!gz.has(file)) gz.set(file, existsSync(join(WEB, file)) ? gzipSync(readFileSync(join(WEB, file)), { level: 9 }).length : 0);
  return gz.get(file);
};

const server = await startParleyd({ web: WEB });
const browser = await launchBrowser();
const results = {};
try {
  for (const lang of LANGS) {
    const times = [];
    let files = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: lang });
      const page = await context.newPage();
      await page.goto(`${server.url}?lang=${lang}`);
      await page.waitForFunction(() => performance.getEntriesByName('parley-first-frame').length > 0, null, { timeout: 30000 });
      const seen = await page.evaluate(() => {
        const mark = performance.getEntriesByName('parley-first-frame')[0].startTime;
        const base = location.href.replace(/[?#].*$/, '');
        return { mark, files: performance.getEntriesByType('resource')
          .filter((r) => r.responseEnd <= mark && r.name.startsWith(base) && !r.name.includes('/api/'))
          .map((r) => r.name.slice(base.length).replace(/[?#].*$/, '')) };
      });
      times.push(seen.mark);
      files = seen.files;
      await context.close();
    }
    times.sort((a, b) => a - b);
    // what is fetched after the first frame by design (the deferred code and dictionary) may
    // arrive before a later final frame: it is not what that frame needs
    const list = ['index.html', ...files.filter((f) => f && f !== 'index.html' && !AFTER_FIRST_FRAME.includes(f) && !f.startsWith('icons/'))];
    const bytes = list.reduce((s, f) => s + gzipOf(f), 0);
    results[lang] = { files: list, bytes, median: times[Math.floor(times.length / 2)] };
  }
  const en = results.en;
  console.log(`first final frame per language (${RUNS} cold loads each, loopback):`);
  for (const lang of LANGS) {
    const r = results[lang];
    const extra = r.files.filter((f) => !en.files.includes(f));
    // the budgets are for the shaping code and the faces; a language's pack of messages and
    // country names (every language but English has one) is listed apart
    const extraBytes = extra.filter((f) => !isPack(f)).reduce((s, f) => s + gzipOf(f), 0);
    console.log(`  ${lang}: ${(r.bytes / 1024).toFixed(1)} KiB gzip in ${r.files.length} files, first final frame median ` +
                `${r.median.toFixed(1)} ms; beyond English, its pack aside: ${(extraBytes / 1024).toFixed(1)} KiB` +
                (extra.length ? ` (${extra.map((f) => `${f} ${(gzipOf(f) / 1024).toFixed(1)}`).join(', ')})` : ''));
    if (BUDGET_KIB[lang] !== undefined)
      console.log(`      budget ${BUDGET_KIB[lang]} KiB: ${extraBytes / 1024 <= BUDGET_KIB[lang] ? 'within' : 'OVER'}`);
    else if (lang === 'ru') // its own Latin interface faces, with the Cyrillic it shows
      console.log(`      its Latin interface faces in place of the English ones, nothing else: ` +
                  `${extra.every((f) => isPack(f) || LATIN_RU.includes(f)) ? 'yes' : 'NO'}`);
    else if (lang !== 'en')
      console.log(`      same bytes as English but for its pack: ${extraBytes === 0 ? 'yes' : 'NO'}`);
  }
  const sum = (files) => files.reduce((s, f) => s + gzipOf(f), 0);
  console.log(`  the first Latin faces save against the full ones (${LATIN_FULL.join(', ')}: fetched when text ` +
              `needs them) ${((sum(LATIN_FULL) - sum(LATIN_FIRST)) / 1024).toFixed(1)} KiB gzip for an English, French or ` +
              `Spanish visitor, ${((sum(LATIN_FULL) - sum(LATIN_RU)) / 1024).toFixed(1)} KiB for a Russian one`);
  const later = ['fonts/NotoSansArabic-Bold.ui.ttf', 'fonts/NotoSansArabic-Regular.ttf', 'fonts/NotoSansArabic-Bold.ttf',
                 'fonts/NotoSansCJKsc-Regular.otf'];
  console.log('  fetched later, only when needed: ' + later.map((f) => `${f} ${(gzipOf(f) / 1024).toFixed(1)} KiB`).join(', '));
} finally {
  await browser.close();
  await server.stop();
}
