// axe.mjs — audits the real page with axe-core (npm, pinned in package-lock.json): what a
// screen reader and a keyboard meet in the accessibility mirror over the canvas (web/mirror.js)
// and the page around it. The page's CSP forbids inline scripts, so axe is not added as a
// <script>: its source is evaluated through the browser's debugging protocol, which the CSP
// does not govern, and the page itself stays exactly as served. What axe cannot judge on a
// canvas app (that the mirror says what is drawn) is the other browser tests' work.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './parleyd.mjs';

const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const FAILING = new Set(['serious', 'critical']);

/** Runs axe on the page as it is now; resolves the serious and critical violations, each as
 *  "rule (impact): what — where" lines, [] when there are none. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`) }));
  });
  return violations.filter((v) => FAILING.has(v.impact))
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).join(' | ')}`);
}

/** Fails with every serious or critical violation of the page's current screen. */
export async function assertAccessible(page, screen) {
  const found = await axeViolations(page);
  if (found.length) throw new Error(`axe on ${screen}:\n  ${found.join('\n  ')}`);
}
