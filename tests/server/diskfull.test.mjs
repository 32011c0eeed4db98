// diskfull.test.mjs — parleyd on a small tmpfs that fills up: uploads are answered 503 with
// Retry-After and acknowledge nothing, reads keep working, and uploads succeed again once
// space returns, with every acknowledged record on disk. Needs root to mount the tmpfs;
// where mounting is not allowed the test is skipped with the reason, never faked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  adminGet, ndjson, newComment, newRegistration, postRecords, startParleyd,
} from '../lib/parleyd.mjs';

const TOKEN = 'disk-full-test-token';
const sqlite = (db, sql) => execFileSync('sqlite3', [db, sql], { encoding: 'utf8', maxBuffer: 64 << 20 }).trim();

function batchOf(n) {
  const reg = newRegistration();
  return [reg, ...Array.from({ length: n }, (_, i) => newComment(reg, { text: `${i} ${'z'.repeat(3000)}` }))];
}

test('a full disk is 503 with Retry-After and no acknowledgement; uploads recover when space returns', async (t) => {
  const mnt = await mkdtemp(join(tmpdir(), 'parleyd-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', mnt], { stdio: 'pipe' });
  } catch (e) {
    await rm(mnt, { recursive: true, force: true });
    t.skip(`cannot mount a small tmpfs here (needs root and mount rights): ${String(e.stderr || e.message).trim()}`);
    return;
  }
  let s;
  try {
    const dataDir = join(mnt, 'data');
    s = await startParleyd({ dataDir, env: { PARLEY_ADMIN_TOKEN: TOKEN } });
    const acked = new Set();
    const first = batchOf(3);
    const r0 = await postRecords(s.url, ndjson(first));
    assert.equal(r0.status, 200, r0.text);
    r0.json.accepted.forEach((id) => acked.add(id));

    // Leave a little room, then upload until the disk is full.
    const fs = await statfs(mnt);
    const free = Number(fs.bavail) * Number(fs.bsize);
    const filler = join(mnt, 'filler');
    await writeFile(filler, Buffer.alloc(Math.max(0, free - 256 * 1024)));
    let refused = null;
    for (let i = 0; i < 200 && !refused; i++) {
      const batch = batchOf(10);
      const r = await postRecords(s.url, ndjson(batch));
      if (r.status === 200) {
        assert.deepEqual(r.json.accepted, batch.map((x) => x.id));
        r.json.accepted.forEach((id) => acked.add(id));
      } else {
        refused = { r, batch };
      }
    }
    assert.ok(refused, 'the disk filled up');
    const { r } = refused;
    assert.equal(r.status, 503, r.text);
    assert.equal(r.headers.get('content-type'), 'application/json');
    assert.deepEqual(Object.keys(r.json), ['error'], 'no accepted or duplicate ids in a refusal');
    assert.match(r.json.error, /full/);
    assert.match(r.headers.get('retry-after'), /^\d+$/);
    // Still full: refused again; the server stays up and can still be read.
    const again = await postRecords(s.url, ndjson(batchOf(10)));
    assert.equal(again.status, 503);
    assert.equal((await fetch(`${s.url}healthz`)).status, 200);
    const exp = await adminGet(s.url, 'api/v1/export/registrations.json', TOKEN);
    assert.equal(exp.status, 200);

    // Space returns: the refused upload goes through, as new records (none was kept).
    await rm(filler);
    const retry = await postRecords(s.url, ndjson(refused.batch));
    assert.equal(retry.status, 200, retry.text);
    assert.deepEqual(retry.json.accepted, refused.batch.map((x) => x.id));
    retry.json.accepted.forEach((id) => acked.add(id));
    const more = await postRecords(s.url, ndjson(batchOf(5)));
    assert.equal(more.status, 200);
    more.json.accepted.forEach((id) => acked.add(id));

    assert.equal(await s.stop(), 0, s.stderr().slice(-2000));
    assert.match(s.stderr(), /transaction failed, 1 upload not stored: the disk is full/);
    const db = join(dataDir, 'parley.db');
    assert.equal(sqlite(db, 'PRAGMA integrity_check;'), 'ok');
    const present = new Set(sqlite(db, 'SELECT id FROM records;').split('\n'));
    assert.deepEqual([...acked].filter((id) => !present.has(id)), []);
  } finally {
    if (s) await s.stop().catch(() => {});
    try { execFileSync('umount', [mnt], { stdio: 'pipe' }); } catch { /* left mounted: say so below */ }
    await rm(mnt, { recursive: true, force: true }).catch((e) => console.error(`could not remove ${mnt}: ${e.message}`));
  }
  assert.doesNotMatch(s.stderr(), /AddressSanitizer|runtime error|LeakSanitizer/);
});
