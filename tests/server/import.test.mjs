// import.test.mjs — `parleyd import`: device export files (docs/device-export.md) made here
// are loaded into a data directory, with a parleyd serving the same directory at the same
// time; damaged lines are reported by file and line and skipped, a foreign file is refused
// whole, records already there are duplicates, and the exports hold each record once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { adminJson, newComment, newRegistration, postRecords, ndjson, runParleyd, startParleyd } from '../lib/parleyd.mjs';

const TOKEN = 'import-test-token-0123456789abcdef0123456789';

function header(count, over = {}) {
  return JSON.stringify({ format: 'parley-device-export', version: 1, device: randomUUID(),
    exported: '2022-07-01T18:00:00.000Z', count, ...over });
}

function entry(record, { state = 'pending', reason = '', id, crc } = {}) {
  const line = typeof record === 'string' ? record : JSON.stringify(record);
  return JSON.stringify({ id: id ?? JSON.parse(line).id, state, reason,
    crc32: crc ?? crc32(Buffer.from(line, 'utf8')).toString(16).padStart(8, '0'), record: line });
}

const exportFile = (lines) => `${lines.join('\n')}\n`;

test('import: damaged and invalid lines reported and skipped, foreign files refused, each record stored once, while parleyd serves the same data', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parley-import-'));
  const srv = await startParleyd({ dataDir: dir, env: { PARLEY_ADMIN_TOKEN: TOKEN } });
  try {
    // one registration already uploaded by the kiosk before the network failed
    const reg = newRegistration({ name: 'Amina Diallo' });
    assert.equal((await postRecords(srv.url, ndjson([reg]))).status, 200);

    const comments = Array.from({ length: 5 }, (_, i) => newComment(reg, { text: `Comment ${i} — “quoted” \\ and é` }));
    const regs = Array.from({ length: 3 }, () => newRegistration());
    const flipped = JSON.stringify(comments[4]);
    const good = join(dir, 'kiosk-1.ndjson');
    await writeFile(good, exportFile([
      header(11),
      entry(reg),                                   // already there: a duplicate
      ...comments.slice(0, 4).map((c) => entry(c)),
      ...regs.map((r) => entry(r, { state: 'rejected', reason: 'server unreachable' })),
      entry(flipped.replace('Comment 4', 'Comment 5')).replace(/"crc32":"[0-9a-f]{8}"/,
        `"crc32":"${crc32(Buffer.from(flipped)).toString(16).padStart(8, '0')}"`), // checksum of other bytes
      entry(comments[0], { id: comments[1].id }),   // the id is not the record's own
      entry({ ...newComment(reg), text: '' }),      // intact, but not a valid record: rejected
    ]));
    // the same records again in a second file, cut short in its last line
    const second = join(dir, 'kiosk-1-again.ndjson');
    const last = entry(regs[0]);
    await writeFile(second, `${header(3)}\n${entry(comments[0])}\n${entry(comments[1])}\n${last.slice(0, 40)}`);
    const foreign = join(dir, 'comments.csv');
    await writeFile(foreign, `id,text\n${comments[0].id},hello\n`);
    const otherFormat = join(dir, 'other.ndjson');
    await writeFile(otherFormat, `${JSON.stringify({ format: 'something-else', version: 1 })}\n${entry(newComment(reg))}\n`);

    const r = await runParleyd(['import', good, second, foreign, otherFormat, '--data', dir]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^import: 7 accepted, 3 duplicates, 3 damaged, 1 rejected, 2 files refused\n$/);
    assert.match(r.stderr, new RegExp(`kiosk-1\\.ndjson:10: damaged, record ${comments[4].id}: checksum mismatch`));
    assert.match(r.stderr, new RegExp(`kiosk-1\\.ndjson:11: damaged, record ${comments[1].id}: "id" ${comments[1].id} is not the record's own id ${comments[0].id}`));
    assert.match(r.stderr, /kiosk-1\.ndjson:12: rejected record \S+: text: /);
    assert.match(r.stderr, /kiosk-1-again\.ndjson:4: damaged: cut short: the line ends inside a string or object/);
    assert.match(r.stderr, /comments\.csv: not imported, not a device export file: not JSON \(error at byte 1\)/);
    assert.match(r.stderr, /other\.ndjson: not imported, not a device export file: not a device export: "format" is not "parley-device-export"/);

    // the running server sees them, each once
    const c = await adminJson(srv.url, 'api/v1/export/comments.json', TOKEN);
    const g = await adminJson(srv.url, 'api/v1/export/registrations.json', TOKEN);
    assert.deepEqual(c.comments.map((x) => x.record.id).sort(), comments.slice(0, 4).map((x) => x.id).sort());
    assert.equal(c.comments.find((x) => x.record.id === comments[0].id).record.text, comments[0].text);
    assert.deepEqual(g.registrations.map((x) => x.record.id).sort(), [reg, ...regs].map((x) => x.id).sort());

    // importing the good file again: everything is a duplicate, nothing new
    const again = await runParleyd(['import', good, '--data', dir]);
    assert.match(again.stdout, /^import: 0 accepted, 8 duplicates, 2 damaged, 1 rejected\n$/);
    assert.equal(again.code, 1);

    // a clean file exits 0
    const clean = join(dir, 'clean.ndjson');
    const fresh = newComment(reg);
    await writeFile(clean, exportFile([header(1), entry(fresh)]));
    const ok = await runParleyd(['import', clean, '--data', dir]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, 'import: 1 accepted, 0 duplicates, 0 damaged, 0 rejected\n');
    assert.equal((await adminJson(srv.url, 'api/v1/export/comments.json', TOKEN)).count, 5);
  } finally {
    assert.equal(await srv.stop(), 0);
    await rm(dir, { recursive: true, force: true });
  }
});

test('import: an undecodable quarantined record is kept in the file and counted as damaged; bad arguments exit 2', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parley-import-'));
  try {
    const file = join(dir, 'q.ndjson');
    const stored = JSON.stringify({ id: randomUUID(), state: 'quarantined', reason: 'frame checksum failed',
      crc32: null, record: null, stored: Buffer.from([4, 34, 77, 24, 1, 2, 3]).toString('base64') });
    await writeFile(file, exportFile([header(1), stored]));
    const r = await runParleyd(['import', file, '--data', join(dir, 'data')]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'import: 0 accepted, 0 duplicates, 1 damaged, 0 rejected\n');
    assert.match(r.stderr, /q\.ndjson:2: damaged, record \S+: the device could not decode this record; its stored bytes \(7\) are kept in the file/);
    assert.equal((await runParleyd(['import', '--data', dir])).code, 2);
    assert.equal((await runParleyd(['import', file, '--bogus'])).code, 2);
    const missing = await runParleyd(['import', join(dir, 'nope.ndjson'), '--data', join(dir, 'data')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.ndjson: not imported: No such file or directory/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
