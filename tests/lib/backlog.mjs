// backlog.mjs — a day's records queued on a kiosk, for tests and benchmarks: made by
// build/native/backlog_gen in the outbox's storage form and written straight into the
// page's IndexedDB (as if the kiosk had been offline all day). Never used by the app itself.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './parleyd.mjs';

/** Stores `count` pending records in the device storage of `page`'s origin; `seed` makes their
 *  ids (two backlogs for one server need two seeds). Resolves the number stored. */
export async function storeBacklog(page, count, seed = 7) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-backlog-'));
  try {
    const file = join(dir, 'backlog.bin');
    execFileSync(join(ROOT, 'build/native/backlog_gen'), [String(count), file, String(seed)]);
    return await page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const view = new DataView(bytes.buffer);
      const db = await ParleyStore.open();
      let at = 0, n = 0;
      await db.write('outbox', (os) => {
        while (at < bytes.length) {
          const idLen = view.getUint16(at, true); at += 2;
          const id = new TextDecoder().decode(bytes.subarray(at, at + idLen)); at += idLen;
          const len = view.getUint32(at, true); at += 4;
          os.put({ id, blob: bytes.slice(at, at + len), state: ParleyConst.outbox.PENDING, reason: '', seq: n });
          at += len; n++;
        }
      });
      return n;
    }, readFileSync(file).toString('base64'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Polls fn until it returns something truthy; throws naming `what` after ms. */
export async function until(fn, what, ms = 20000, step = 100) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, step));
  }
}
