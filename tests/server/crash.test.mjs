// crash.test.mjs — durability under a crash: parleyd is killed with SIGKILL at random
// moments while concurrent clients stream uploads into it, then restarted on the same data
// directory, again and again. After each kill the database must pass
// PRAGMA integrity_check and hold every record that was ever acknowledged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  adminGet, ndjson, newComment, newRegistration, postRecords, startParleyd,
} from '../lib/parleyd.mjs';
import { lz4Frame } from './lz4frame.mjs';

const ROUNDS = 6;
const CLIENTS = 8;
const TOKEN = 'crash-test-token';
const sqlite = (db, sql) => execFileSync('sqlite3', [db, sql], { encoding: 'utf8', maxBuffer: 64 << 20 }).trim();

// One client: uploads random batches until told to stop; returns what was acknowledged
// (accepted or duplicate in a 200) and what was sent without an answer.
async function client(url, stopAt, acked, unanswered) {
  while (Date.now() < stopAt.value) {
    const reg = newRegistration({ organization: `Crash Org ${Math.floor(Math.random() * 50)}` });
    const batch = [reg];
    const n = Math.floor(Math.random() * 20);
    for (let i = 0; i < n; i++) batch.push(newComment(reg, { text: `crash test ${i} `.repeat(1 + Math.floor(Math.random() * 30)) }));
    const useLz4 = Math.random() < 0.3;
    const body = useLz4 ? lz4Frame(ndjson(batch)) : ndjson(batch);
    try {
      const r = await postRecords(url, body, { contentType: useLz4 ? 'application/x-ndjson+lz4' : 'application/x-ndjson' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.rejected.length, 0);
      for (const id of [...r.json.accepted, ...r.json.duplicates]) acked.add(id);
    } catch (e) {
      if (e.code === 'ERR_ASSERTION') throw e;
      for (const rec of batch) unanswered.add(rec.id); // the server died under us
      return;
    }
  }
}

test('SIGKILL at random points during uploads loses no acknowledged record and no integrity', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parleyd-crash-'));
  const db = join(dir, 'parley.db');
  const acked = new Set();
  const unanswered = new Set();
  let kills = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const s = await startParleyd({ dataDir: dir, env: { PARLEY_ADMIN_TOKEN: TOKEN } });
      const stopAt = { value: Date.now() + 10_000 };
      const clients = Array.from({ length: CLIENTS }, () => client(s.url, stopAt, acked, unanswered));
      const before = acked.size;
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 700));
      process.kill(s.pid, 'SIGKILL');
      kills++;
      stopAt.value = 0;
      const { signal } = await s.exited;
      assert.equal(signal, 'SIGKILL');
      await Promise.all(clients);
      assert.ok(acked.size > before, `round ${round}: uploads were acknowledged before the kill`);

      // What a restart finds: a sound database holding everything acknowledged.
      assert.equal(sqlite(db, 'PRAGMA integrity_check;'), 'ok', `round ${round}`);
      const present = new Set(sqlite(db, 'SELECT id FROM records;').split('\n'));
      const lost = [...acked].filter((id) => !present.has(id));
      assert.deepEqual(lost, [], `round ${round}: acknowledged but missing`);
    }
    // Finally parleyd itself starts on the crashed store, serves it, and stops cleanly.
    const s = await startParleyd({ dataDir: dir, env: { PARLEY_ADMIN_TOKEN: TOKEN } });
    const regs = JSON.parse((await adminGet(s.url, 'api/v1/export/registrations.json', TOKEN)).text);
    const comments = JSON.parse((await adminGet(s.url, 'api/v1/export/comments.json', TOKEN)).text);
    const exported = new Set([...regs.registrations, ...comments.comments].map((x) => x.record.id));
    for (const id of acked) assert.ok(exported.has(id), id);
    // A record sent but never answered may or may not be there; sending it again settles it.
    const retry = [...unanswered].slice(0, 50);
    if (retry.length) {
      const r = await postRecords(s.url, ndjson(retry.map((id) => newRegistration({ id }))));
      assert.equal(r.status, 200);
      assert.equal(r.json.accepted.length + r.json.duplicates.length, retry.length);
    }
    assert.equal(await s.stop(), 0, s.stderr());
    assert.equal(sqlite(db, 'PRAGMA integrity_check;'), 'ok');
    assert.equal(kills, ROUNDS);
    assert.ok(acked.size > 100, `${acked.size} records acknowledged in all`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
