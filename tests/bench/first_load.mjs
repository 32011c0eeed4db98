// first_load.mjs — `make bench`: first-load bytes (gzip -9 of everything the first frame
// needs) and navigation → first frame in headless Chromium, next to a static HTML page
// with the same text, measured in the same run against the same local parleyd.
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startParleyd } from '../lib/parleyd.mjs';
import { launchBrowser } from '../lib/browser.mjs';

const WEB = 'build/web';
const EVENT = 'assets/events/untoc-som-2022.json';
const RUNS = Number(process.env.BENCH_RUNS || 7);
const BUDGET_KB = 400, GOAL_KB = 200;

const firstFrameFiles = ['index.html', 'parley.css', 'const.js', 'boot.js', 'mirror.js', 'store.js', 'parley.js', 'parley.wasm',
                         'fonts/NotoSans-Regular.ttf', 'fonts/NotoSans-Bold.ttf', 'event.json'];
let total = 0;
console.log('first-load bytes (gzip -9):');
for (const f of firstFrameFiles) {
  const raw = readFileSync(join(WEB, f));
  const gz = gzipSync(raw, { level: 9 }).length;
  total += gz;
  console.log(`  ${f.padEnd(28)} ${String(raw.length).padStart(8)} raw ${String(gz).padStart(8)} gzip`);
}
const kb = total / 1024;
console.log(`  ${'total'.padEnd(28)} ${' '.repeat(12)} ${String(total).padStart(8)} gzip = ${kb.toFixed(1)} KiB ` +
            `(budget ${BUDGET_KB} KiB: ${kb <= BUDGET_KB ? 'within' : 'OVER'}; goal ${GOAL_KB} KiB: ${kb <= GOAL_KB ? 'met' : 'not yet'})`);

// The static comparison page: the same words the first frame shows, as plain HTML.
const event = JSON.parse(readFileSync(EVENT, 'utf8'));
const en = (t) => (t == null ? '' : typeof t === 'string' ? t : t.en);
const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
const staticDir = mkdtempSync(join(tmpdir(), 'parley-static-'));
writeFileSync(join(staticDir, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Parley</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="static.css"></head>
<body><p>${esc(en(event.body))}</p><h1>${esc(en(event.title))}</h1>
<p>Date: ${esc(event.date)}</p><p>Chair: ${esc(en(event.chair.name))}, ${esc(en(event.chair.role))}</p><h2>Agenda</h2><ul>
${event.agenda.map((a) => `<li><b>${a.number ? a.number + '. ' : ''}${esc(en(a.title))}</b><p>${esc(en(a.summary))}</p></li>`).join('\n')}
</ul><script src="mark.js"></script></body></html>`);
// parleyd's Content-Security-Policy allows no inline script or style, on this page either
writeFileSync(join(staticDir, 'static.css'), 'body { font-family: sans-serif; max-width: 880px; margin: auto; }\n');
writeFileSync(join(staticDir, 'mark.js'), "requestAnimationFrame(() => performance.mark('parley-first-frame'));\n");

const parley = await startParleyd({ web: WEB });
const statics = await startParleyd({ web: staticDir });
const browser = await launchBrowser();

async function timeToFirstFrame(url) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } }); // cold cache
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('parley-first-frame').length > 0, null, { timeout: 30000 });
    times.push(await page.evaluate(() => performance.getEntriesByName('parley-first-frame')[0].startTime));
    await context.close();
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1] };
}

try {
  const kiosk = await timeToFirstFrame(parley.url);
  const plain = await timeToFirstFrame(statics.url);
  const fmt = (t) => `median ${t.median.toFixed(1)} ms (min ${t.min.toFixed(1)}, max ${t.max.toFixed(1)})`;
  console.log(`navigation → first frame, ${RUNS} cold loads each, loopback:`);
  console.log(`  parley kiosk       ${fmt(kiosk)}`);
  console.log(`  static HTML page   ${fmt(plain)}`);
  console.log(`  ratio              ${(kiosk.median / plain.median).toFixed(1)}×`);
} finally {
  await browser.close();
  await parley.stop();
  await statics.stop();
  rmSync(staticDir, { recursive: true, force: true });
}
