// first_load.mjs — `make bench`: first-load bytes (gzip -9 of everything the first frame
// needs, and what a browser on HTTPS receives: the .br twin where the build made one) and
// navigation → first frame in headless Chromium, next to a static HTML page with the same
// text, measured in the same run against the same local parleyd; then the boot split into
// its phases (performance marks of web/boot.js and of the C side), medians over the loads.
import { readFileSync, existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync, gunzipSync, brotliCompressSync, constants as zc } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawRequest, startParleyd } from '../lib/parleyd.mjs';
import { launchBrowser } from '../lib/browser.mjs';

const WEB = 'build/web';
const EVENT = 'assets/events/untoc-som-2022.json';
const RUNS = Number(process.env.BENCH_RUNS || 11);
const BUDGET_KB = 200, STRETCH_KB = 150;
const RATIO_BUDGET = 2.0, RATIO_STRETCH = 1.5;

// What an English visitor's first frame needs (the other languages' files come later); the
// event is parleyd's answer to the page's first request for it, in English only (the whole
// event comes with the live poll after the first frame).
const EVENT_FIRST = 'api/v1/event?lang=en';
const firstFrameFiles = ['index.html', 'parley.css', 'parley.js', 'page.js', 'parley.wasm',
                         'fonts/NotoSans-Regular.first.ttf', 'fonts/NotoSans-Bold.first.ttf', EVENT_FIRST];
const parley = await startParleyd({ web: WEB });
// an API answer as parleyd sends it to a browser (gzip-compressed on the fly, or as it is)
const wire = await rawRequest(parley.port, `GET /${EVENT_FIRST} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n` +
                                           'Accept-Encoding: gzip, deflate, br\r\n\r\n');
if (wire.status !== 200) throw new Error(`${EVENT_FIRST}: HTTP ${wire.status}`);
const served = new Map([[EVENT_FIRST, { wire: wire.body.length, raw: wire.headers['content-encoding'] === 'gzip' ? gunzipSync(wire.body) : wire.body }]]);
const brotli = (f, raw) => {
  const twin = join(WEB, f + '.br');
  if (existsSync(twin)) return { n: readFileSync(twin).length, served: true };
  return { n: brotliCompressSync(raw, { params: { [zc.BROTLI_PARAM_QUALITY]: 11 } }).length, served: false };
};
let total = 0, totalBr = 0, unserved = [];
console.log('first-load bytes (gzip -9 over plain HTTP; brotli: what a browser on HTTPS receives):');
console.log(`  ${'file'.padEnd(28)} ${'raw'.padStart(8)} ${'gzip'.padStart(8)} ${'br'.padStart(8)}`);
for (const f of firstFrameFiles) {
  // an API answer: the bytes parleyd sends (gzip at its own level, over HTTPS too)
  const api = served.get(f);
  const raw = api ? api.raw : readFileSync(join(WEB, f));
  const gz = api ? api.wire : gzipSync(raw, { level: 9 }).length;
  const br = api ? { n: api.wire, served: true } : brotli(f, raw);
  if (!br.served) unserved.push(f);
  total += gz;
  totalBr += br.served ? br.n : gz;
  console.log(`  ${f.padEnd(28)} ${String(raw.length).padStart(8)} ${String(gz).padStart(8)} ${String(br.n).padStart(8)}` +
              `${api ? ' (an API answer, as parleyd sends it)' : br.served ? '' : ' (no .br twin: gzip sent)'}`);
}
// Fetched after the first frame or when first needed (precached by the service worker).
const later = ['parley.deferred.wasm', 'lz4dict.bin', ...['ar', 'zh', 'fr', 'ru', 'es'].map((t) => `lang/${t}.txt`), 'sw.js'];
console.log('  after the first frame or when needed, not counted:');
for (const f of later) {
  if (!existsSync(join(WEB, f))) continue;
  const raw = readFileSync(join(WEB, f));
  console.log(`    ${f.padEnd(26)} ${String(raw.length).padStart(8)} ${String(gzipSync(raw, { level: 9 }).length).padStart(8)} ` +
              `${String(brotli(f, raw).n).padStart(8)}`);
}
const kb = total / 1024;
console.log(`  ${'total'.padEnd(28)} ${' '.repeat(8)} ${String(total).padStart(8)} ${String(totalBr).padStart(8)}`);
console.log(`  first load ${kb.toFixed(1)} KiB gzip (budget ${BUDGET_KB} KiB: ${kb <= BUDGET_KB ? 'within' : 'OVER'}; ` +
            `stretch ${STRETCH_KB} KiB: ${kb <= STRETCH_KB ? 'met' : 'not yet'}), ${(totalBr / 1024).toFixed(1)} KiB over HTTPS with brotli`);

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

const statics = await startParleyd({ web: staticDir });
const browser = await launchBrowser();

// The marks of one boot, in the order of its critical path (web/boot.js, src/platform/).
const MARKS = [
  ['parley-boot-js', 'page and scripts loaded, boot.js runs'],
  ['parley-wasm-fetched', 'parley.wasm read by the page (its last byte came earlier: below)'],
  ['parley-wasm-compiled', 'compiled (streaming: mostly during the download)'],
  ['parley-wasm-instantiated', 'instantiated'],
  ['parley-runtime-ready', 'Emscripten runtime ready'],
  ['parley-fonts-fetched', 'fonts read by the page'],
  ['parley-event-fetched', 'event read by the page'],
  ['parley-store-open', 'IndexedDB open'],
  ['parley-boot-call', 'C boot called'],
  ['parley-sdl-init', 'SDL, window and WebGL context'],
  ['parley-font-init', 'fonts loaded into stb_truetype'],
  ['parley-event-load', 'event parsed, app state ready'],
  ['parley-frame-begin', 'first animation frame begins'],
  ['parley-first-layout', 'first layout'],
  ['parley-first-draw', 'first draw and mirror'],
  ['parley-first-frame', 'first frame (what the ratio measures)'],
];
// Phases: the span between two marks of the critical path.
const PHASES = [
  ['navigation → wasm read by the page', null, 'parley-wasm-fetched'],
  ['compile (rest after the download)', 'parley-wasm-fetched', 'parley-wasm-compiled'],
  ['instantiate', 'parley-wasm-compiled', 'parley-wasm-instantiated'],
  ['runtime → C boot (waits for fonts, event, storage)', 'parley-wasm-instantiated', 'parley-boot-call'],
  ['SDL and WebGL initialisation', 'parley-boot-call', 'parley-sdl-init'],
  ['font load (stb_truetype)', 'parley-sdl-init', 'parley-font-init'],
  ['event load', 'parley-font-init', 'parley-event-load'],
  ['wait for the animation frame', 'parley-event-load', 'parley-frame-begin'],
  ['first layout', 'parley-frame-begin', 'parley-first-layout'],
  ['first draw', 'parley-first-layout', 'parley-first-draw'],
];
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };

// The page says when its first frame is done: nothing of the harness runs in it before then.
// (Polling with waitForFunction injects Playwright's script into the page as soon as it has
// loaded: some 20-40 ms of main-thread work that lands in the middle of Parley's start-up,
// while a static page has drawn long before, so the two would not be measured alike.)
const ANNOUNCE_FIRST_FRAME = `new PerformanceObserver((list, observer) => {
  if (!list.getEntriesByName('parley-first-frame').length) return;
  observer.disconnect();
  console.debug('parley-first-frame');
}).observe({ type: 'mark', buffered: true });`;

// One cold load (a new context: an empty cache) up to its first frame; `prepare` runs on the
// new page before it navigates (tracing, network emulation). The caller closes the context.
async function coldLoad(url, { initScript, prepare, timeout = 30000 } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(ANNOUNCE_FIRST_FRAME);
    if (initScript) await context.addInitScript(initScript);
    const page = await context.newPage();
    if (prepare) await prepare(page, context);
    const firstFrame = page.waitForEvent('console', { predicate: (m) => m.text() === 'parley-first-frame', timeout });
    await page.goto(url);
    await firstFrame;
    return { context, page };
  } catch (err) {
    await context.close();
    throw err;
  }
}

// A closed context's renderer and GPU resources are freed in the background; the next load
// starts once that is done, not beside it.
const SETTLE_MS = 400;
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

// One cold load's marks, and when each file's last byte arrived (resource timing).
async function loadMarks(url) {
  const { context, page } = await coldLoad(url);
  try {
    return await page.evaluate(() => Object.fromEntries([
      ...performance.getEntriesByType('mark').map((e) => [e.name, e.startTime]),
      ...performance.getEntriesByType('resource').map((e) => ['net ' + new URL(e.name).pathname.slice(1) + new URL(e.name).search, e.responseEnd]),
    ]));
  } finally {
    await context.close();
    await settle();
  }
}

// RUNS cold loads of each page, the two taking turns, after one load of each that is not
// counted (a browser's first window also starts the browser's own parts): the machine's other
// work comes and goes from load to load, and taking turns gives both pages the same
// conditions, as a ratio needs.
async function timeToFirstFrame(urls) {
  for (const url of urls) await loadMarks(url);
  const runs = urls.map(() => []);
  for (let i = 0; i < RUNS; i++)
    for (const [n, url] of urls.entries()) runs[n].push(await loadMarks(url));
  return runs.map((marks) => {
    const times = marks.map((m) => m['parley-first-frame']).sort((a, b) => a - b);
    return { median: median(times), min: times[0], max: times[times.length - 1], marks };
  });
}

// The wasm's function bodies by index (imported functions first, as V8 counts them).
function wasmBodySizes(bytes) {
  let at = 8;
  const leb = () => { let v = 0, shift = 0, b; do { b = bytes[at++]; v += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80); return v; };
  const sizes = [];
  let imported = 0;
  while (at < bytes.length) {
    const id = bytes[at++], len = leb(), end = at + len;
    if (id === 2) { // imports: module, name, kind, then what the kind carries
      for (let n = leb(); n > 0; n--) {
        at += leb(); at += leb();
        const kind = bytes[at++];
        if (kind === 0) { leb(); imported++; }
        else if (kind === 1) { at++; const flags = leb(); leb(); if (flags & 1) leb(); }
        else if (kind === 2) { const flags = leb(); leb(); if (flags & 1) leb(); }
        else if (kind === 3) at += 2;
        else if (kind === 4) { at++; leb(); }
      }
    } else if (id === 10) {
      for (let n = leb(); n > 0; n--) { const size = leb(); sizes.push(size); at += size; }
    }
    at = end;
  }
  return { imported, sizes };
}

// One more cold load, traced and not in the medians: how much of the boot is V8 compiling wasm
// functions on their first call (on the main thread: the module is compiled lazily) and how
// long the page's WebGL calls take (the context, and the queries that wait for the GPU
// process). Both instruments add to the load they look at; the page's clock counts in 0.1 ms.
const COUNT_WEBGL = `(() => {
  const calls = window.parleyBenchWebGL = {};
  const wrap = (proto, prefix) => {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, name);
      if (!d || typeof d.value !== 'function' || name === 'constructor') continue;
      const f = d.value;
      proto[name] = function (...args) {
        if (window.parleyFirstFrame) return f.apply(this, args);
        const t = performance.now();
        try { return f.apply(this, args); } finally {
          const c = calls[prefix + name] || (calls[prefix + name] = { n: 0, ms: 0 });
          c.n++; c.ms += performance.now() - t;
        }
      };
    }
  };
  wrap(WebGLRenderingContext.prototype, '');
  if (typeof WebGL2RenderingContext !== 'undefined') wrap(WebGL2RenderingContext.prototype, '');
  wrap(HTMLCanvasElement.prototype, 'canvas.');
})();`;
async function whereTheTimeGoes(url) {
  let context;
  try {
    let page;
    ({ context, page } = await coldLoad(url, {
      initScript: COUNT_WEBGL,
      prepare: (p) => browser.startTracing(p, { categories: ['v8.wasm', 'blink.user_timing'] }),
    }));
    const gl = await page.evaluate(() => window.parleyBenchWebGL);
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
    const events = trace.traceEvents || trace;
    const markAt = (name) => (events.find((e) => e.name === name && (e.cat || '').includes('user_timing')) || {}).ts;
    const bootCall = markAt('parley-boot-call'), frame = markAt('parley-first-frame');
    const { imported, sizes } = wasmBodySizes(readFileSync(join(WEB, 'parley.wasm')));
    const lazy = events.filter((e) => e.name === 'wasm.CompileLazy' && e.ph === 'X' && frame !== undefined && e.ts <= frame);
    const sum = (xs, f) => xs.reduce((a, x) => a + f(x), 0);
    const bytes = sum(lazy, (e) => sizes[e.args.func_index - imported] || 0);
    const afterBoot = lazy.filter((e) => bootCall !== undefined && e.ts >= bootCall);
    console.log('where the main thread\'s time goes (one more cold load, traced; not in the medians):');
    console.log(`  wasm functions compiled on their first call before the first frame: ${lazy.length} of ${sizes.length} ` +
                `(${(bytes / 1024).toFixed(1)} KiB of code), ${(sum(lazy, (e) => e.dur) / 1000).toFixed(1)} ms; ` +
                `${afterBoot.length} of them (${(sum(afterBoot, (e) => e.dur) / 1000).toFixed(1)} ms) after the C boot call`);
    const rows = Object.entries(gl || {}).sort((a, b) => b[1].ms - a[1].ms);
    console.log(`  WebGL calls before the first frame: ${sum(rows, ([, c]) => c.n)} calls, ${sum(rows, ([, c]) => c.ms).toFixed(1)} ms; ` +
                rows.slice(0, 5).map(([name, c]) => `${name} ${c.ms.toFixed(1)} ms (${c.n})`).join(', '));
  } catch (err) {
    console.log(`  (the traced load failed: ${err.message})`);
  } finally {
    await context?.close();
  }
}

// Navigation → first frame over an emulated network (Chromium's, per request): what a remote
// participant's round trips cost, which the loopback figures hide.
async function overTheNetwork(url, latencyMs, bytesPerS, runs = 5) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const { context, page } = await coldLoad(url, {
      timeout: 60000, // a weak data plan's first frame takes seconds
      prepare: async (p, c) => {
        const cdp = await c.newCDPSession(p);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: latencyMs,
                                                             downloadThroughput: bytesPerS, uploadThroughput: bytesPerS });
      },
    });
    times.push(await page.evaluate(() => performance.getEntriesByName('parley-first-frame')[0].startTime));
    await context.close();
  }
  return median(times);
}

try {
  const [kiosk, plain] = await timeToFirstFrame([parley.url, statics.url]);
  const fmt = (t) => `median ${t.median.toFixed(1)} ms (min ${t.min.toFixed(1)}, max ${t.max.toFixed(1)})`;
  const ratio = kiosk.median / plain.median;
  console.log(`navigation → first frame, ${RUNS} cold loads each, taking turns after one of each not counted, loopback:`);
  console.log(`  parley kiosk       ${fmt(kiosk)}`);
  console.log(`  static HTML page   ${fmt(plain)}`);
  console.log(`  ratio              ${ratio.toFixed(1)}× (budget ${RATIO_BUDGET}×: ${ratio <= RATIO_BUDGET ? 'within' : 'OVER'}; ` +
              `stretch ${RATIO_STRETCH}×: ${ratio <= RATIO_STRETCH ? 'met' : 'not yet'})`);
  console.log('boot timeline (median ms after navigation):');
  // a mark's (or a file's last byte's) median over the loads that have it
  const medianAt = (key) => {
    const at = kiosk.marks.map((m) => m[key]).filter((v) => v !== undefined);
    return (at.length ? median(at).toFixed(1) : '-').padStart(7);
  };
  for (const [name, what] of MARKS) console.log(`  ${medianAt(name)}  ${name.padEnd(26)} ${what}`);
  console.log('the files\' last bytes (median ms after navigation, resource timing; the page reads them later):');
  for (const f of firstFrameFiles.filter((f) => f !== 'index.html')) console.log(`  ${medianAt('net ' + f)}  ${f}`);
  console.log('boot phases (median ms of each load\'s span):');
  for (const [label, from, to] of PHASES) {
    const spans = kiosk.marks.filter((m) => m[to] !== undefined && (from === null || m[from] !== undefined))
      .map((m) => m[to] - (from === null ? 0 : m[from]));
    console.log(`  ${(spans.length ? median(spans).toFixed(1) : '-').padStart(7)}  ${label}`);
  }
  await whereTheTimeGoes(parley.url);
  console.log('navigation → first frame over an emulated network, 5 cold loads each (median):');
  for (const [label, latency, rate] of [['100 ms per request, 20 Mbit/s (Wi-Fi, 4G)', 100, 2.5e6],
                                        ['300 ms per request, 1.5 Mbit/s (a weak data plan)', 300, 1.5e6 / 8]])
    console.log(`  ${(await overTheNetwork(parley.url, latency, rate)).toFixed(0).padStart(6)} ms  ${label}`);
} finally {
  await browser.close();
  await parley.stop();
  await statics.stop();
  rmSync(staticDir, { recursive: true, force: true });
}
