// outbox.mjs — `make bench`: what the offline outbox costs. The stored size of comments with
// the build-time dictionary (training and held-out text), LZ4 throughput of the same C in
// wasm (Chromium) and natively, in the same run, and the time to flush a backlog of 10,000
// queued records from a browser to a local parleyd.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startParleyd, adminJson } from '../lib/parleyd.mjs';
import { launchBrowser, waitForFirstFrame } from '../lib/browser.mjs';
import { storeBacklog } from '../lib/backlog.mjs';

const BACKLOG = Number(process.env.BENCH_BACKLOG || 10000);
const lastJson = (text) => JSON.parse(text.trim().split('\n').filter((l) => l.startsWith('{')).pop());

// 1. dictionary ratios (the unit test measures and prints them)
const dict = execFileSync('build/native/tests/test_dict', { encoding: 'utf8' });
for (const line of dict.split('\n').filter((l) => /mean ratio/.test(l))) console.log('stored size, ' + line.trim());

// 2. LZ4 throughput: native, then the same C in Chromium
const native = lastJson(execFileSync('build/native/codec_bench', { encoding: 'utf8' }));
const dir = mkdtempSync(join(tmpdir(), 'parley-codec-'));
writeFileSync(join(dir, 'codec_bench.js'), readFileSync('build/bench/codec_bench.js'));
// parleyd's Content-Security-Policy allows no inline script: the page's own code is a file too
writeFileSync(join(dir, 'print.js'), "var Module = { print: (t) => { document.getElementById('out').textContent += t + '\\n'; } };\n");
writeFileSync(join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><pre id="out"></pre>
<script src="print.js"></script>
<script src="codec_bench.js"></script>`);
const TOKEN = 'bench-token-0123456789abcdef0123456789abcdef';
const codecServer = await startParleyd({ web: dir });
const server = await startParleyd({ env: { PARLEY_ADMIN_TOKEN: TOKEN } });
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.goto(codecServer.url);
  await page.waitForFunction(() => /\{"bytes"/.test(document.getElementById('out').textContent), null, { timeout: 120000 });
  const wasm = lastJson(await page.evaluate(() => document.getElementById('out').textContent));
  await page.close();
  const row = (label, key) => console.log(`LZ4 ${label}: wasm ${wasm[key].toFixed(0)} MB/s, native ${native[key].toFixed(0)} MB/s, ` +
                                          `ratio ${(wasm[key] / native[key]).toFixed(2)}× (goal ≥ 0.5×)`);
  row('compress (upload level)', 'compress_fast_mbps');
  row('compress (storage level)', 'compress_hc_mbps');
  row('decompress', 'decompress_mbps');

  // 3. a backlog: records queued while offline, written straight into IndexedDB, then a start
  const context = await browser.newContext();
  const kiosk = await context.newPage();
  await kiosk.route('**/api/v1/records', (route) => route.abort('internetdisconnected'));
  await kiosk.goto(server.url);
  await waitForFirstFrame(kiosk);
  const stored = await storeBacklog(kiosk, BACKLOG);
  await kiosk.unroute('**/api/v1/records');
  const t0 = Date.now();
  await kiosk.reload();
  let stats;
  for (;;) {
    stats = await adminJson(server.url, 'api/v1/stats', TOKEN);
    if (stats.comments >= stored || Date.now() - t0 > 300000) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (Date.now() - t0) / 1000;
  await kiosk.getByRole('status').filter({ hasText: /^All uploaded/ }).waitFor({ timeout: 60000 });
  console.log(`backlog: ${stored} queued records flushed from Chromium to a local parleyd in ${seconds.toFixed(1)} s ` +
              `(start included; goal ≤ 10 s); the server holds ${stats.comments} comments`);
  await context.close();
} finally {
  await browser.close();
  await server.stop();
  await codecServer.stop();
  rmSync(dir, { recursive: true, force: true });
}
