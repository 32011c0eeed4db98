// records.test.mjs — POST /api/v1/records over loopback (docs/interface.md §2, §3): plain and LZ4
// NDJSON, per-record results, duplicates stored once, partial batches with reasons, unknown
// fields kept byte for byte, and every refusal (400, 413, 415, 405) with nothing stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  adminGet, ndjson, newComment, newRegistration, postRecords, rawRequest, startParleyd,
} from '../lib/parleyd.mjs';
import { lz4Frame, runBlock } from './lz4frame.mjs';

const TOKEN = 'records-test-token';
const LZ4 = 'application/x-ndjson+lz4';
let srv;

before(async () => { srv = await startParleyd({ env: { PARLEY_ADMIN_TOKEN: TOKEN } }); });
after(async () => {
  const code = await srv?.stop();
  assert.equal(code, 0, 'parleyd exits 0 on SIGTERM');
  assert.doesNotMatch(srv.stderr(), /AddressSanitizer|runtime error|LeakSanitizer/);
});

// Every stored record, by id, from the admin exports.
async function stored() {
  const all = new Map();
  for (const [path, key] of [['registrations.json', 'registrations'], ['comments.json', 'comments']]) {
    const r = await adminGet(srv.url, `api/v1/export/${path}`, TOKEN);
    assert.equal(r.status, 200, r.text);
    for (const row of JSON.parse(r.text)[key]) all.set(row.record.id, row);
  }
  return all;
}

function assertJsonError(r, status) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(Object.keys(r.json), ['error']);
  assert.ok(r.json.error.length > 0);
}

test('a plain NDJSON upload is accepted, in order, and stored', async () => {
  const reg = newRegistration();
  const com = newComment(reg);
  const r = await postRecords(srv.url, ndjson([reg, com]));
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(r.json, { accepted: [reg.id, com.id], duplicates: [], rejected: [] });
  const s = await stored();
  assert.deepEqual(s.get(reg.id).record, reg);
  assert.deepEqual(s.get(com.id).record, com);
  assert.match(s.get(com.id).received, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test('the same records again are duplicates, stored once', async () => {
  const reg = newRegistration();
  const com = newComment(reg);
  const body = ndjson([reg, com]);
  assert.deepEqual((await postRecords(srv.url, body)).json.accepted, [reg.id, com.id]);
  const again = await postRecords(srv.url, body);
  assert.equal(again.status, 200);
  assert.deepEqual(again.json, { accepted: [], duplicates: [reg.id, com.id], rejected: [] });
  // A changed record under a known id is still the first one: ids are the identity.
  const changed = { ...com, text: 'something else' };
  assert.deepEqual((await postRecords(srv.url, ndjson([changed]))).json.duplicates, [com.id]);
  const s = await stored();
  assert.equal(s.get(com.id).record.text, com.text);
  // The same id twice in one upload: accepted once, then a duplicate.
  const twice = newRegistration();
  const r = await postRecords(srv.url, ndjson([twice, twice]));
  assert.deepEqual(r.json, { accepted: [twice.id], duplicates: [twice.id], rejected: [] });
});

test('a partial batch: valid records stored, invalid ones rejected per record with a reason', async () => {
  const reg = newRegistration();
  const ok4000 = newComment(reg, { text: 'é'.repeat(4000) });
  const tooLong = newComment(reg, { text: 'x'.repeat(4001) });
  const badCategory = newRegistration({ category: 'government' });
  const missing = newComment(reg, { language: undefined });
  const emptyText = newComment(reg, { text: '' });
  const notUuid = newRegistration({ id: 'not-a-uuid' });
  const badUtf8Id = newComment(reg);
  const badUtf8 = Buffer.from(JSON.stringify({ ...badUtf8Id, text: 'AAAA' })
    .replace('"AAAA"', '"\u0001\u0002"'));
  badUtf8[badUtf8.indexOf(1)] = 0xff; // an invalid byte inside the text string
  badUtf8[badUtf8.indexOf(2)] = 0xfe;
  const lines = [reg, ok4000, tooLong, '', badCategory, missing, emptyText, notUuid, badUtf8];
  const r = await postRecords(srv.url, ndjson(lines));
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.accepted, [reg.id, ok4000.id]);
  assert.deepEqual(r.json.duplicates, []);
  const byLine = Object.fromEntries(r.json.rejected.map((x) => [x.line, x]));
  assert.deepEqual(Object.keys(byLine).map(Number), [3, 5, 6, 7, 8, 9], JSON.stringify(r.json.rejected));
  assert.equal(byLine[3].id, tooLong.id);
  assert.match(byLine[3].error, /^text: .*4001.*4000/);
  assert.equal(byLine[5].id, badCategory.id);
  assert.match(byLine[5].error, /^category: /);
  assert.match(byLine[6].error, /^language: required field is missing/);
  assert.match(byLine[7].error, /^text: /);
  assert.equal(byLine[8].id, null, 'no usable id');
  assert.match(byLine[8].error, /^id: /);
  assert.equal(byLine[9].id, null, 'rejected before any field is read');
  assert.match(byLine[9].error, /UTF-8/);
  const s = await stored();
  assert.ok(s.has(reg.id) && s.has(ok4000.id));
  for (const x of [tooLong, badCategory, missing, emptyText, badUtf8Id]) assert.ok(!s.has(x.id), x.id);
});

test('unknown extra fields are kept exactly as sent', async () => {
  const reg = newRegistration({ kiosk_build: 'abc123', extra: { nested: [1, 2.5, 'três', null, true] } });
  // Key order, spacing and escapes of the line survive too: the line is stored as received.
  const line = JSON.stringify(reg).replace('"kiosk_build":', '"kiosk_build" :  ').replace('três', 'tr\\u00eas');
  const r = await postRecords(srv.url, `${line}\r\n`);
  assert.deepEqual(r.json.accepted, [reg.id]);
  const exp = await adminGet(srv.url, 'api/v1/export/registrations.json', TOKEN);
  assert.ok(exp.text.includes(line), 'the stored line is spliced into the export byte for byte');
  assert.deepEqual((await stored()).get(reg.id).record, reg);
});

test('an LZ4 frame of NDJSON is accepted (compressed and raw blocks, media type case-insensitive)', async () => {
  const reg = newRegistration();
  const comments = Array.from({ length: 50 }, (_, i) => newComment(reg, { text: `Comment number ${i}, repeated words repeated words.` }));
  const body = ndjson([reg, ...comments]);
  const frame = lz4Frame(body);
  assert.ok(frame.length < body.length / 2, 'really compressed');
  let r = await postRecords(srv.url, frame, { contentType: LZ4 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.accepted, [reg.id, ...comments.map((c) => c.id)]);
  const reg2 = newRegistration();
  r = await postRecords(srv.url, lz4Frame(ndjson([reg2]), { compress: false }), { contentType: 'Application/X-NDJSON+LZ4; charset=utf-8' });
  assert.deepEqual(r.json.accepted, [reg2.id]);
  const reg3 = newRegistration();
  r = await postRecords(srv.url, ndjson([reg3]), { contentType: 'application/x-ndjson; charset=UTF-8' });
  assert.deepEqual(r.json.accepted, [reg3.id]);
});

test('broken LZ4 frames are 400 and store nothing', async () => {
  const reg = newRegistration();
  const body = ndjson([reg]);
  const good = lz4Frame(body);
  const badHeader = Buffer.from(good);
  badHeader[6] ^= 0xff; // the header checksum byte (4 magic + FLG + BD + HC)
  const cases = {
    'bad content checksum': lz4Frame(body, { checksum: 12345 }),
    'bad header checksum': badHeader,
    'no content checksum': lz4Frame(body, { checksum: false }),
    'no content size': lz4Frame(body, { contentSize: false }),
    'declared size smaller than the data': lz4Frame(body, { contentSize: 10 }),
    'declared size larger than the data': lz4Frame(body, { contentSize: body.length + 100 }),
    truncated: good.subarray(0, good.length - 6),
    'two frames': Buffer.concat([good, good]),
    'trailing bytes': Buffer.concat([good, Buffer.from('x')]),
    'not a frame': Buffer.from('{"v":1}\n'),
    empty: Buffer.alloc(0),
    'unknown dictionary': lz4Frame(body, { dictId: 7 }),
    // A block claiming 4 MiB of output from a few bytes in a frame that declares 1 KiB.
    'bomb under a small declared size': lz4Frame(Buffer.alloc(1024), { blocks: [runBlock(0x20, 4 * 1024 * 1024)], blockSize: 4 << 20 }),
  };
  for (const [name, frame] of Object.entries(cases)) {
    const r = await postRecords(srv.url, frame, { contentType: LZ4 });
    assert.equal(r.status, 400, `${name}: ${r.text}`);
    assertJsonError(r, 400);
  }
  assert.ok(!(await stored()).has(reg.id));
});

test('decoded size over 8 MiB is 413 before decompressing; just under it is fine', async () => {
  const FOUR = 4 * 1024 * 1024;
  // A real bomb: 9 MiB of newlines from ~50 KB (one long match per block), honestly declared.
  const bomb = lz4Frame(Buffer.alloc(0), {
    contentSize: 9 * 1024 * 1024, blockSize: FOUR,
    blocks: [runBlock(10, FOUR), runBlock(10, FOUR), runBlock(10, 1024 * 1024)],
  });
  assert.ok(bomb.length < 64 * 1024, `${bomb.length} bytes`);
  let r = await postRecords(srv.url, bomb, { contentType: LZ4 });
  assertJsonError(r, 413);
  // Declared over the limit: refused from the header alone, whatever follows.
  r = await postRecords(srv.url, lz4Frame(Buffer.from('x'), { contentSize: 8 * 1024 * 1024 + 1 }), { contentType: LZ4 });
  assertJsonError(r, 413);
  r = await postRecords(srv.url, lz4Frame(Buffer.from('x'), { contentSize: 2 ** 60 }), { contentType: LZ4 });
  assertJsonError(r, 413);
  // Exactly 8 MiB of blank lines with one record at the end: decoded and accepted.
  const reg = newRegistration();
  const line = ndjson([reg]);
  const pad = 8 * 1024 * 1024 - line.length;
  const content = Buffer.concat([Buffer.alloc(pad, 10), line]);
  const frame = lz4Frame(content, { blockSize: FOUR });
  assert.ok(frame.length < 2 * 1024 * 1024, `frame of ${frame.length} bytes`);
  r = await postRecords(srv.url, frame, { contentType: LZ4 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.accepted, [reg.id]);
});

test('a body over 2 MiB on the wire is 413 as soon as the headers say so', async () => {
  const t0 = Date.now();
  const r = await rawRequest(srv.port,
    `POST /api/v1/records HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${2 * 1024 * 1024 + 1}\r\n\r\n`,
    { timeoutMs: 3000 });
  assert.equal(r.status, 413);
  assert.equal(typeof JSON.parse(r.body.toString()).error, 'string');
  assert.ok(r.closed, 'the connection is closed instead of reading the body');
  assert.ok(Date.now() - t0 < 2000);
  // Exactly 2 MiB is allowed (the records themselves are then validated).
  const reg = newRegistration();
  const line = ndjson([reg]);
  const ok = Buffer.concat([Buffer.alloc(2 * 1024 * 1024 - line.length, 10), line]);
  const res = await postRecords(srv.url, ok);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json.accepted, [reg.id]);
});

test('a chunked body passing 2 MiB is refused without being read to the end', async () => {
  const { connect } = await import('node:net');
  const sock = connect({ host: '127.0.0.1', port: srv.port });
  await new Promise((res) => sock.on('connect', res));
  const chunks = [];
  sock.on('data', (d) => chunks.push(d));
  const ended = new Promise((res) => { sock.on('close', res); sock.on('error', res); });
  sock.write('POST /api/v1/records HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n');
  const chunk = Buffer.alloc(256 * 1024, 10);
  let sent = 0;
  let closed = false;
  ended.then(() => { closed = true; });
  for (let i = 0; i < 40 && !closed; i++) { // up to 10 MiB, the server must stop us first
    sock.write(`${chunk.length.toString(16)}\r\n`);
    sock.write(chunk);
    sock.write('\r\n');
    sent += chunk.length;
    await new Promise((res) => setTimeout(res, 5));
  }
  await Promise.race([ended, new Promise((res) => setTimeout(res, 3000))]);
  assert.ok(closed, `the server closed the connection (after ${sent} bytes sent)`);
  const text = Buffer.concat(chunks).toString('latin1');
  // The 413 is written before the close; the client may lose it to the reset, not to silence.
  if (text) assert.match(text, /^HTTP\/1\.1 413 /);
  assert.equal((await fetch(`${srv.url}healthz`)).status, 200);
});

test('a line that is not JSON makes the whole upload 400, and nothing of it is stored', async () => {
  const reg = newRegistration();
  for (const bad of ['{"v":1,', 'not json', '[1,2,3]', '"a string"', '{"a":1} trailing', '{'.repeat(2000)]) {
    const r = await postRecords(srv.url, ndjson([reg, bad]));
    assertJsonError(r, 400);
    assert.match(r.json.error, /line 2/);
  }
  assert.ok(!(await stored()).has(reg.id), 'the valid first line was not stored either');
});

test('other content types are 415; a missing one too', async () => {
  const body = ndjson([newRegistration()]);
  for (const ct of ['text/plain', 'application/json', 'application/x-ndjsonx', 'application/lz4', null]) {
    const r = await postRecords(srv.url, body, { contentType: ct });
    assertJsonError(r, 415);
  }
});

test('an empty upload is 200 with nothing in it; blank lines are skipped', async () => {
  let r = await postRecords(srv.url, Buffer.alloc(0));
  assert.deepEqual(r.json, { accepted: [], duplicates: [], rejected: [] });
  r = await postRecords(srv.url, '\n\r\n  \n');
  assert.deepEqual(r.json, { accepted: [], duplicates: [], rejected: [] });
});

test('more than 20,000 lines in one upload is 413', async () => {
  const r = await postRecords(srv.url, '{}\n'.repeat(20001));
  assertJsonError(r, 413);
  const ok = await postRecords(srv.url, '{}\n'.repeat(20000));
  assert.equal(ok.status, 200);
  assert.equal(ok.json.rejected.length, 20000);
  assert.match(ok.json.rejected[19999].error, /^v: required field is missing/);
  assert.equal(ok.json.rejected[19999].line, 20000);
});

test('GET and other methods on /api/v1/records are 405 with Allow: POST', async () => {
  for (const method of ['GET', 'PUT', 'DELETE']) {
    const res = await fetch(`${srv.url}api/v1/records`, { method });
    assert.equal(res.status, 405, method);
    assert.equal(res.headers.get('allow'), 'POST');
    assert.equal(typeof (await res.json()).error, 'string');
  }
});

test('concurrent uploads are all acknowledged and all stored', async () => {
  const regs = Array.from({ length: 200 }, () => newRegistration());
  const results = await Promise.all(regs.map((reg) => postRecords(srv.url, ndjson([reg]))));
  for (const [i, r] of results.entries()) assert.deepEqual(r.json.accepted, [regs[i].id]);
  const s = await stored();
  for (const reg of regs) assert.ok(s.has(reg.id));
});

test('each upload leaves an access-log line', async () => {
  await postRecords(srv.url, ndjson([newRegistration()]));
  const lines = srv.stderr().split('\n').filter((l) => /^access \S+Z 127\.0\.0\.1 POST \/api\/v1\/records 200 \d+ [\d.]+ms$/.test(l));
  assert.ok(lines.length > 5, srv.stderr().slice(-2000));
});
