// frames.mjs — `make bench`: what drawing costs in Chromium. The CPU time of each frame
// (input, layout, draw calls) while scrolling the busiest screen for 300 frames, as p50/p95,
// and how many frames an idle kiosk draws in 5 s (it should draw none).
import { startParleyd } from '../lib/parleyd.mjs';
import { launchBrowser, openPage, waitForFirstFrame, nextFrame } from '../lib/browser.mjs';

const BUDGET_P95_MS = 8, GOAL_P95_MS = 4;
const server = await startParleyd();
const browser = await launchBrowser();
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];

try {
  for (const [label, query, viewport] of [
    ['welcome + agenda, 1280×800', '', { width: 1280, height: 800 }],
    ['welcome + agenda, phone 390×844', '', { width: 390, height: 844 }],
    // the busiest screens of the scripts the shaping engine and the CJK face draw
    ['welcome + agenda in Arabic, 1280×800', '?lang=ar', { width: 1280, height: 800 }],
    ['welcome + agenda in Chinese, 1280×800', '?lang=zh', { width: 1280, height: 800 }],
  ]) {
    const { context, page } = await openPage(browser, server.url + query, { viewport });
    await waitForFirstFrame(page);
    await page.waitForTimeout(500);
    // idle: nothing happens, nothing should be drawn
    const before = await page.evaluate(() => window.parleyFrames);
    await page.waitForTimeout(5000);
    const idle = (await page.evaluate(() => window.parleyFrames)) - before;

    // scrolling: one wheel step per animation frame, 300 px down and back, over and over
    // (the whole screen is drawn each time: there is no partial redraw)
    await page.mouse.move(viewport.width / 2, viewport.height / 2);
    await page.evaluate(() => { window.parleyFrameTimes = []; });
    for (let i = 0; i < 300; i++) {
      await page.mouse.wheel(0, i % 60 < 30 ? 10 : -10);
      await nextFrame(page);
    }
    const times = (await page.evaluate(() => window.parleyFrameTimes)).sort((a, b) => a - b);
    const p50 = pct(times, 0.5), p95 = pct(times, 0.95);
    console.log(`frame cost, ${label}: ${times.length} frames while scrolling, ` +
                `p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms ` +
                `(budget p95 ≤ ${BUDGET_P95_MS} ms: ${p95 <= BUDGET_P95_MS ? 'within' : 'OVER'}; goal ≤ ${GOAL_P95_MS} ms: ${p95 <= GOAL_P95_MS ? 'met' : 'not yet'})`);
    console.log(`idle, ${label}: ${idle} frames drawn in 5 s without input (goal 0)`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
