// lifecycle.test.mjs — parleyd under signals and hostile clients: SIGTERM/SIGINT finish the
// request in flight and exit 0 (uploads waiting for their commit included), idle connections
// do not delay a stop, unwanted bodies are answered without being read, and malformed
// traffic never takes the server down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { once } from 'node:events';

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { ndjson, newRegistration, parseResponse, rawRequest, startParleyd } from '../lib/parleyd.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// A timer for races that must not keep the test process alive once the race is won.
const deadline = (ms) => new Promise((r) => setTimeout(r, ms).unref());

// Opens a raw socket and returns helpers to write and to collect until the server closes.
async function openSocket(port) {
  const sock = connect({ host: '127.0.0.1', port });
  await once(sock, 'connect');
  const chunks = [];
  sock.on('data', (d) => chunks.push(d));
  const ended = new Promise((res) => {
    sock.on('end', () => res('end'));
    sock.on('close', () => res('close'));
    sock.on('error', () => res('error'));
  });
  return { sock, ended, data: () => Buffer.concat(chunks) };
}

function watchExit(s) {
  const state = { exited: false, at: 0 };
  s.exited.then(() => { state.exited = true; state.at = Date.now(); });
  return state;
}

async function exitWithin(s, ms) {
  return Promise.race([s.exited, deadline(ms).then(() => null)]);
}

test('SIGTERM lets a slow request in flight finish, then exits 0', async () => {
  const s = await startParleyd();
  const exit = watchExit(s);
  const c = await openSocket(s.port);
  // The request line is in, the headers are not finished: the request is in flight.
  c.sock.write('GET /healthz HTTP/1.1\r\nHost: t\r\n');
  await sleep(300);
  process.kill(s.pid, 'SIGTERM');
  await sleep(600);
  assert.equal(exit.exited, false, 'parleyd waits for the request in flight');
  c.sock.write('\r\n');
  await c.ended;
  const r = parseResponse(c.data());
  assert.equal(r.status, 200);
  assert.equal(r.body.toString(), '{"ok":true}');
  assert.equal(r.headers.connection?.toLowerCase(), 'close', 'told not to send another request');
  const result = await exitWithin(s, 5000);
  assert.ok(result, 'parleyd exits once the request is done');
  assert.equal(result.code, 0, s.stderr());
  assert.equal(await s.stop(), 0);
  assert.match(s.stderr(), /SIGTERM received, finishing 1 request in flight/);
  assert.match(s.stderr(), /^access \S+ 127\.0\.0\.1 GET \/healthz 200 11 /m);
  assert.match(s.stderr(), /parleyd: stopped/);
});

test('SIGINT stops it cleanly with exit 0', async () => {
  const s = await startParleyd();
  assert.equal((await fetch(`${s.url}healthz`)).status, 200);
  process.kill(s.pid, 'SIGINT');
  const result = await exitWithin(s, 5000);
  assert.ok(result, 'exited');
  assert.equal(result.code, 0, s.stderr());
  assert.match(s.stderr(), /SIGINT received/);
  await s.stop();
});

test('an idle keep-alive connection does not delay the stop', async () => {
  const s = await startParleyd();
  const c = await openSocket(s.port);
  c.sock.write('GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n');
  for (let i = 0; i < 100 && !c.data().includes('{"ok":true}'); i++) await sleep(10);
  assert.ok(c.data().includes('{"ok":true}'), 'first response arrived');
  const t0 = Date.now();
  process.kill(s.pid, 'SIGTERM');
  const result = await exitWithin(s, 5000);
  assert.ok(result, 'exited');
  assert.equal(result.code, 0);
  assert.ok(Date.now() - t0 < 3000, `stopped in ${Date.now() - t0} ms`);
  await c.ended;
  await s.stop();
});

test('a second signal cuts the wait for a request that never completes', async () => {
  const s = await startParleyd();
  const exit = watchExit(s);
  const c = await openSocket(s.port);
  c.sock.write('GET /healthz HTTP/1.1\r\nHost: t\r\n');
  await sleep(300);
  process.kill(s.pid, 'SIGTERM');
  await sleep(300);
  assert.equal(exit.exited, false);
  process.kill(s.pid, 'SIGTERM');
  const result = await exitWithin(s, 3000);
  assert.ok(result, 'exited after the second signal');
  assert.equal(result.code, 0);
  assert.match(s.stderr(), /second signal/);
  c.sock.destroy();
  await s.stop();
});

test('a body nobody asked for is answered at once, without reading it', async () => {
  const s = await startParleyd();
  try {
    const huge = 100 * 1024 * 1024;
    const cases = [
      // [request head, acceptable statuses]
      [`POST /api/v1/records HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${huge}\r\n\r\n`, [404, 405, 413]],
      [`POST /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: ${huge}\r\nExpect: 100-continue\r\n\r\n`, [405, 413]],
      [`PUT /index.html HTTP/1.1\r\nHost: t\r\nContent-Length: ${huge}\r\n\r\n`, [405, 413]],
      ['POST /api/v1/nothing HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n', [404, 413]],
    ];
    for (const [head, statuses] of cases) {
      const t0 = Date.now();
      const r = await rawRequest(s.port, head, { timeoutMs: 4000 });
      const line = head.split('\r\n')[0];
      assert.ok(statuses.includes(r.status), `${line}: status ${r.status}`);
      assert.equal(typeof JSON.parse(r.body.toString('utf8')).error, 'string', line);
      assert.ok(!r.raw.toString('latin1').includes('100 Continue'), `${line}: no 100 Continue`);
      assert.ok(r.closed, `${line}: the server closed the connection instead of waiting for the body`);
      assert.ok(Date.now() - t0 < 3000, `${line}: answered in ${Date.now() - t0} ms`);
    }
    // Sending a real chunk of an oversized body: whatever happens to that socket, the
    // server carries on.
    const c = await openSocket(s.port);
    c.sock.write(`POST /api/v1/records HTTP/1.1\r\nHost: t\r\nContent-Length: ${huge}\r\n\r\n`);
    c.sock.write(Buffer.alloc(1024 * 1024, 0x61), () => {});
    await Promise.race([c.ended, deadline(3000)]);
    c.sock.destroy();
    assert.equal((await fetch(`${s.url}healthz`)).status, 200);
  } finally {
    assert.equal(await s.stop(), 0, s.stderr());
  }
});

test('malformed and hostile requests never take the server down', async () => {
  const s = await startParleyd();
  const exit = watchExit(s);
  try {
    const close = 'Connection: close\r\n';
    // Complete requests ask for Connection: close so each answer ends its socket; the
    // incomplete or senseless ones (second group) may get no answer at all.
    const payloads = [
      'GET / HTTP/9.9\r\nHost: t\r\n\r\n',
      `GET /healthz HTTP/1.1\r\n${close}\r\n`,
      'GET /healthz HTTP/1.0\r\n\r\n',
      `GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: ${'a'.repeat(70000)}\r\n\r\n`,
      `GET /${'a'.repeat(40000)} HTTP/1.1\r\nHost: t\r\n\r\n`,
      `GET /${'a'.repeat(5000)} HTTP/1.1\r\nHost: t\r\n${close}\r\n`,
      `GET /${'%'.repeat(1000)} HTTP/1.1\r\nHost: t\r\n${close}\r\n`,
      `GET /%e2%82 HTTP/1.1\r\nHost: t\r\n${close}\r\n`,
      Buffer.concat([Buffer.from('GET /'), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from(` HTTP/1.1\r\nHost: t\r\n${close}\r\n`)]),
      'POST /api/v1/event HTTP/1.1\r\nHost: t\r\nContent-Length: -5\r\n\r\n',
      'POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999999999999999999\r\n\r\n',
      'POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\n',
      `GET /healthz HTTP/1.1\r\nHost: t\r\nHost: u\r\n${close}\r\n`,
      `GET /healthz HTTP/1.1\r\nHost: t\r\nAccept-Encoding: ;;,,;q=,gzip;q\r\nIf-None-Match: W/,*,\r\n${close}\r\n`,
      `GET /a.js HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip;q=0;;,\r\nIf-None-Match: ,,,W/"\r\n${close}\r\n`,
      `${'GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n'.repeat(50)}GET /healthz HTTP/1.1\r\nHost: t\r\n${close}\r\n`,
    ];
    for (const p of payloads) {
      const r = await rawRequest(s.port, p, { timeoutMs: 3000 });
      const what = String(p).slice(0, 50);
      assert.ok(r.status >= 200, `${what}: answered (${r.status})`);
      assert.ok(r.closed, `${what}: connection closed after the answer`);
      // Where parleyd itself answered (a JSON content type), the body is JSON.
      if (r.headers['content-type'] === 'application/json') JSON.parse(r.body.toString('utf8'));
    }
    const incomplete = [
      'GARBAGE\r\n\r\n',
      Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 13, 10, 13, 10]),
      '\r\n\r\n\r\n',
      'GET',
    ];
    for (const p of incomplete) await rawRequest(s.port, p, { timeoutMs: 200 });
    // Connect and leave at once, a few times.
    for (let i = 0; i < 5; i++) {
      const c = await openSocket(s.port);
      c.sock.destroy();
    }
    assert.equal(exit.exited, false, `parleyd died:\n${s.stderr()}`);
    const res = await fetch(`${s.url}healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true });
  } finally {
    assert.equal(await s.stop(), 0, s.stderr());
  }
  assert.doesNotMatch(s.stderr(), /AddressSanitizer|runtime error/);
});

test('SIGTERM with uploads in flight: each is finished, committed, answered, then exit 0', async () => {
  const s = await startParleyd();
  const exit = watchExit(s);
  // Twenty uploads, each stopped half-way through its body when the signal comes.
  const uploads = [];
  for (let i = 0; i < 20; i++) {
    const reg = newRegistration();
    const body = ndjson([reg]);
    const c = await openSocket(s.port);
    c.sock.write(`POST /api/v1/records HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${body.length}\r\n\r\n`);
    c.sock.write(body.subarray(0, 40));
    uploads.push({ reg, body, c });
  }
  await sleep(300);
  process.kill(s.pid, 'SIGTERM');
  await sleep(500);
  assert.equal(exit.exited, false, 'parleyd waits for the uploads in flight');
  for (const u of uploads) u.c.sock.write(u.body.subarray(40));
  for (const u of uploads) {
    await u.c.ended;
    const r = parseResponse(u.c.data());
    assert.equal(r.status, 200, u.c.data().toString());
    assert.deepEqual(JSON.parse(r.body.toString()).accepted, [u.reg.id]);
    assert.equal(r.headers.connection?.toLowerCase(), 'close');
  }
  const result = await exitWithin(s, 10000);
  assert.ok(result, 'exited');
  assert.equal(result.code, 0, s.stderr().slice(-2000));
  const ids = new Set(execFileSync('sqlite3', [join(s.dataDir, 'parley.db'), 'SELECT id FROM records;'], { encoding: 'utf8' }).trim().split('\n'));
  for (const u of uploads) assert.ok(ids.has(u.reg.id), u.reg.id);
  assert.match(s.stderr(), /SIGTERM received, finishing 20 requests in flight/);
  assert.match(s.stderr(), /committed 20 uploads/);
  await s.stop();
});
