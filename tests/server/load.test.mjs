// load.test.mjs — parleyd under load and under slow clients, over loopback only: 1,000
// concurrent connections uploading through wrk without a single error, every acknowledged
// upload stored; slow-loris clients (a byte every second or so) cut off by the request
// deadlines while other clients keep being served promptly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { join } from 'node:path';

import { ROOT, startParleyd } from '../lib/parleyd.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const SCRIPT = join(ROOT, 'tests/server/wrk-upload.lua');

function haveWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (e) {
    // wrk --version exits 1 after printing; only a missing binary throws ENOENT.
    return e.code !== 'ENOENT';
  }
  return true;
}

/** Runs wrk (with a raised descriptor limit) and resolves its stdout. */
function runWrk(args) {
  return new Promise((resolve, reject) => {
    // 1,000 sockets need more descriptors than the usual soft limit of 1,024.
    const child = spawn('bash', ['-c', 'ulimit -n 8192 2>/dev/null || ulimit -n $(ulimit -Hn); exec wrk "$@"', 'wrk', ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk exited ${code}\n${out}\n${err}`))));
  });
}

test('1,000 concurrent connections upload through wrk without an error, and all of it is stored', async () => {
  assert.ok(haveWrk(), 'wrk is not installed: run `make setup` (scripts/setup.sh installs it)');
  const s = await startParleyd();
  let out;
  try {
    out = await runWrk(['-t2', '-c1000', '-d4s', '--timeout', '10s', '--latency', '-s', SCRIPT, s.url, '--', '1']);
  } finally {
    assert.equal(await s.stop(), 0, s.stderr().slice(-3000));
  }
  assert.match(out, /2 threads and 1000 connections/);
  assert.doesNotMatch(out, /Socket errors/, out);          // connect/read/write/timeout errors
  assert.doesNotMatch(out, /Non-2xx or 3xx responses/, out);
  const requests = Number(/(\d+) requests in/.exec(out)[1]);
  const statuses = /WRK-STATUSES (\S*)/.exec(out)[1];
  assert.equal(statuses, `200=${requests}`, out);
  assert.ok(requests >= 2000, `only ${requests} requests in 4 s:\n${out}`);
  // The server's own count: every upload wrk saw acknowledged (and those still in flight
  // when wrk stopped) was committed; none failed.
  const m = /committed (\d+) uploads \((\d+) records, new or duplicate\) in (\d+) transactions, largest group (\d+) uploads; (\d+) uploads failed/.exec(s.stderr());
  assert.ok(m, s.stderr().slice(-2000));
  const [uploads, records, transactions, , failed] = m.slice(1).map(Number);
  assert.ok(records >= requests && uploads === records, `${records} stored, ${requests} acknowledged`);
  assert.equal(failed, 0);
  assert.ok(transactions < uploads / 5, `group commit: ${uploads} uploads in ${transactions} transactions`);
  assert.doesNotMatch(s.stderr(), /AddressSanitizer|runtime error|LeakSanitizer/);
});

// A client that sends the first `atOnce` bytes at once, then the rest one at a time every
// `everyMs`, and reports when the server closed the connection (null if it did not within
// `limitMs`) and what it answered.
async function trickle(port, bytes, everyMs, limitMs, atOnce = 0) {
  const sock = connect({ host: '127.0.0.1', port });
  await once(sock, 'connect');
  const t0 = Date.now();
  let closedAt = null;
  const chunks = [];
  sock.on('data', (d) => chunks.push(d));
  const done = new Promise((res) => {
    const end = () => { if (closedAt === null) closedAt = Date.now() - t0; res(); };
    sock.on('close', end);
    sock.on('error', end);
  });
  const buf = Buffer.from(bytes);
  if (atOnce) sock.write(buf.subarray(0, atOnce));
  for (let i = atOnce; i < buf.length && closedAt === null && Date.now() - t0 < limitMs; i++) {
    sock.write(buf.subarray(i, i + 1));
    await Promise.race([sleep(everyMs), done]);
  }
  await Promise.race([done, sleep(Math.max(0, limitMs - (Date.now() - t0)))]);
  sock.destroy();
  return { closedAt, response: Buffer.concat(chunks).toString('latin1') };
}

test('slow-loris clients are cut off by the deadlines while other clients are served', async () => {
  // --timeout 2: idle timeout 2 s, request line + headers within 4 s, body within 8 s.
  const s = await startParleyd({ args: ['--timeout', '2'] });
  try {
    const head = 'GET /healthz HTTP/1.1\r\nHost: t\r\n' + 'X-Slow: ' + 'a'.repeat(200) + '\r\n\r\n';
    const post = 'POST /api/v1/records HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-ndjson\r\nContent-Length: 1000\r\n\r\n';
    // Every byte comes before the 2 s idle timeout would fire: only the deadlines stop them.
    const headerTrickle = trickle(s.port, head, 1200, 15000);
    // Headers at once, then one body byte every 1.2 s.
    const bodyTrickle = trickle(s.port, `${post}${'{'.repeat(1000)}`, 1200, 15000, post.length);
    // Meanwhile, ordinary clients: every request answered, and quickly.
    const served = [];
    const t0 = Date.now();
    while (Date.now() - t0 < 9000) {
      const t = Date.now();
      const res = await fetch(`${s.url}healthz`);
      served.push({ status: res.status, ms: Date.now() - t });
      await res.arrayBuffer();
      await sleep(200);
    }
    const headersResult = await headerTrickle;
    const bodyResult = await bodyTrickle;
    assert.ok(served.length >= 20);
    assert.ok(served.every((x) => x.status === 200), JSON.stringify(served));
    assert.ok(Math.max(...served.map((x) => x.ms)) < 1000, JSON.stringify(served));
    assert.ok(headersResult.closedAt !== null, 'the header trickle was cut');
    assert.ok(headersResult.closedAt >= 3500 && headersResult.closedAt < 7000, `header trickle cut after ${headersResult.closedAt} ms`);
    assert.equal(headersResult.response, '', 'it never got an answer');
    assert.ok(bodyResult.closedAt !== null, 'the body trickle was cut');
    assert.ok(bodyResult.closedAt >= 7500 && bodyResult.closedAt < 11000, `body trickle cut after ${bodyResult.closedAt} ms`);
    assert.match(s.stderr(), /cut a connection: its request did not arrive in time/);
    assert.match(s.stderr(), /^access \S+ 127\.0\.0\.1 POST \/api\/v1\/records - \d+ [\d.]+ms .*\(cut: request too slow\)/m);
    // A client that idles (less than the idle timeout), then sends its request at a normal
    // pace, is served: the deadlines only catch requests that keep trickling.
    const sock = connect({ host: '127.0.0.1', port: s.port });
    await once(sock, 'connect');
    const reply = [];
    sock.on('data', (d) => reply.push(d));
    await sleep(1500);
    sock.write('GET /healthz HTTP/1.1\r\nHost: t\r\n');
    await sleep(1500);
    sock.write('Connection: close\r\n\r\n');
    await Promise.race([once(sock, 'close'), sleep(3000)]);
    sock.destroy();
    assert.match(Buffer.concat(reply).toString('latin1'), /^HTTP\/1\.1 200 /);
  } finally {
    assert.equal(await s.stop(), 0, s.stderr().slice(-3000));
  }
  assert.doesNotMatch(s.stderr(), /AddressSanitizer|runtime error|LeakSanitizer/);
});
