// headers.test.mjs — the security headers are on every kind of response parleyd sends: static
// files, API answers, JSON errors (404, 405, 400, 413) and the 413 written while a body is
// still arriving; HSTS only over TLS (tls.test.mjs checks it there); --frame-ancestors
// replaces 'none' and is validated.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { rawRequest, runParleyd, startParleyd } from '../lib/parleyd.mjs';
import { CSP, assertSecurityHeaders } from './sechdr.mjs';

let srv;
before(async () => { srv = await startParleyd(); });
after(async () => { assert.equal(await srv.stop(), 0); });

test('static files, API answers and every kind of error carry the security headers (no HSTS without TLS)', async () => {
  for (const [path, status] of [['', 200], ['index.html', 200], ['healthz', 200], ['api/v1/event', 200],
    ['api/v1/nothing', 404], ['no-such-file.js', 404], ['api/v1/export/comments.json', 401]]) {
    const res = await fetch(`${srv.url}${path}`);
    assert.equal(res.status, status, path);
    assertSecurityHeaders(res.headers);
    await res.arrayBuffer();
  }
  const post = await fetch(`${srv.url}healthz`, { method: 'POST' });
  assert.equal(post.status, 405);
  assertSecurityHeaders(post.headers);
  const notModified = await fetch(`${srv.url}index.html`, { headers: { 'if-none-match': (await fetch(`${srv.url}index.html`)).headers.get('etag') } });
  assert.equal(notModified.status, 304);
  assertSecurityHeaders(notModified.headers);
  const bad = await rawRequest(srv.port, 'GET /%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.equal(bad.status, 400);
  assertSecurityHeaders(bad.headers);
  const tooBig = await rawRequest(srv.port, `POST /api/v1/records HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${3 * 1024 * 1024}\r\n\r\n`);
  assert.equal(tooBig.status, 413);
  assertSecurityHeaders(tooBig.headers);
  // a chunked body over the limit: the 413 written while the body still arrives
  const chunk = 'x'.repeat(256 * 1024);
  const chunks = Array.from({ length: 10 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
  const raw = await rawRequest(srv.port, `POST /api/v1/records HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}0\r\n\r\n`);
  assert.equal(raw.status, 413);
  assertSecurityHeaders(raw.headers);
});

test('API answers of 1 KiB and more go gzip-compressed to a client that accepts it, the same bytes once decoded', async () => {
  const get = (path, encoding) => rawRequest(srv.port, `GET /${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n` +
                                                       (encoding ? `Accept-Encoding: ${encoding}\r\n` : '') + '\r\n');
  for (const path of ['api/v1/event', 'api/v1/event?lang=fr', 'published/']) {
    const plain = await get(path, null);
    const packed = await get(path, 'gzip, deflate, br');
    assert.equal(plain.status, 200, path);
    assert.equal(plain.headers['content-encoding'], undefined, path);
    assert.equal(packed.headers['content-encoding'], 'gzip', path);
    assert.equal(packed.headers.vary, 'Accept-Encoding', path);
    assert.ok(packed.body.length < plain.body.length / 2, `${path}: ${packed.body.length} of ${plain.body.length} bytes`);
    assert.equal(gunzipSync(packed.body).toString(), plain.body.toString(), path);
    assertSecurityHeaders(new Headers(packed.headers));
  }
  // refused (q=0), or too small to gain: as it is
  assert.equal((await get('api/v1/event', 'gzip;q=0')).headers['content-encoding'], undefined);
  const small = await get('healthz', 'gzip');
  assert.equal(small.status, 200);
  assert.equal(small.headers['content-encoding'], undefined);
});

test('--frame-ancestors replaces none; values that could break the policy are refused', async () => {
  const s = await startParleyd({ args: ['--frame-ancestors', 'https://www.unodc.org https://*.un.org'] });
  try {
    const res = await fetch(`${s.url}healthz`);
    assertSecurityHeaders(res.headers, { csp: CSP.replace("frame-ancestors 'none'", 'frame-ancestors https://www.unodc.org https://*.un.org') });
  } finally {
    assert.equal(await s.stop(), 0);
  }
  for (const bad of ["https://a.org; script-src *", 'https://a.org\r\nX-Evil: 1', 'https://a.org, https://b.org', 'x'.repeat(600), '   ']) {
    const r = await runParleyd(['--frame-ancestors', bad, '--port', '0']);
    assert.equal(r.code, 2, bad);
    assert.match(r.stderr, /--frame-ancestors/);
  }
});
