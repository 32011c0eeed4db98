// api.test.mjs — parleyd's JSON routes over loopback: /healthz, the current event, events by
// id, 404/405 as JSON errors with Allow, HEAD, keep-alive, and the access log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_EVENT, rawRequest, startParleyd } from '../lib/parleyd.mjs';

let srv;
let tmp;
let eventBytes;
let eventId;
let secondBytes;
const SECOND_ID = 'test-second-event';

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parleyd-api-'));
  eventBytes = await readFile(DEFAULT_EVENT);
  eventId = JSON.parse(eventBytes.toString('utf8')).id;
  // A second, different event: same content under another id, written in a compact form
  // so its bytes differ from the first file's.
  const second = JSON.parse(eventBytes.toString('utf8'));
  second.id = SECOND_ID;
  secondBytes = Buffer.from(JSON.stringify(second));
  const secondFile = join(tmp, 'second.json');
  await writeFile(secondFile, secondBytes);
  srv = await startParleyd({ events: [DEFAULT_EVENT, secondFile], web: join(tmp, 'no-web') });
});

after(async () => {
  const code = await srv?.stop();
  await rm(tmp, { recursive: true, force: true });
  assert.equal(code, 0, 'parleyd exits 0 on SIGTERM');
});

// Every error is JSON {"error": "<non-empty text>"}.
async function assertJsonError(res, status) {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const body = await res.json();
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(typeof body.error, 'string');
  assert.ok(body.error.length > 0);
}

test('GET /healthz answers 200 {"ok":true}', async () => {
  const res = await fetch(`${srv.url}healthz`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(await res.json(), { ok: true });
});

// The event as served: the file's bytes up to its closing brace, then the item in progress
// and the revision its ETag names (docs/chair-api.md; no item is set in these tests).
function assertServed(body, bytes, etag) {
  const text = bytes.toString('utf8');
  const served = body.toString('utf8');
  assert.ok(served.startsWith(text.slice(0, text.lastIndexOf('}'))), 'the file\'s bytes come first');
  const json = JSON.parse(served);
  assert.match(json.revision, /^[0-9a-f]{32}$/);
  assert.deepEqual(json, { ...JSON.parse(text), current_item: null, current_since: null, revision: json.revision });
  if (etag !== undefined) assert.equal(etag, `"${json.revision}"`);
}

test('GET /api/v1/event returns the first event file, with the item in progress added', async () => {
  const res = await fetch(`${srv.url}api/v1/event`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json');
  assertServed(Buffer.from(await res.arrayBuffer()), eventBytes, res.headers.get('etag'));
});

test('GET /api/v1/events/<id> finds each loaded event', async () => {
  let res = await fetch(`${srv.url}api/v1/events/${eventId}`);
  assert.equal(res.status, 200);
  assertServed(Buffer.from(await res.arrayBuffer()), eventBytes);
  res = await fetch(`${srv.url}api/v1/events/${SECOND_ID}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json');
  const body = Buffer.from(await res.arrayBuffer());
  assertServed(body, secondBytes);
  assert.equal(JSON.parse(body.toString('utf8')).id, SECOND_ID);
});

test('GET /api/v1/events/<unknown id> is a 404 JSON error', async () => {
  for (const id of ['no-such-event', `${eventId}x`, `${eventId}/extra`, '']) {
    await assertJsonError(await fetch(`${srv.url}api/v1/events/${id}`), 404);
  }
});

test('unknown API paths are 404 JSON errors, whatever the method', async () => {
  for (const path of ['api/v1/nothing', 'api/v2/event', 'api', 'api/', 'api/v1/event/extra']) {
    await assertJsonError(await fetch(`${srv.url}${path}`), 404);
  }
  await assertJsonError(await fetch(`${srv.url}api/v1/nothing`, { method: 'POST', body: 'x' }), 404);
  await assertJsonError(await fetch(`${srv.url}api/v1/nothing`, { method: 'DELETE' }), 404);
});

test('a wrong method on a known path is 405 with Allow', async () => {
  for (const [path, method, allow] of [['api/v1/event', 'POST', 'GET, HEAD'], ['api/v1/event', 'PUT', 'GET, HEAD'],
    ['healthz', 'DELETE', 'GET, HEAD'], [`api/v1/events/${eventId}`, 'PATCH', 'GET, HEAD, PUT']]) {
    const res = await fetch(`${srv.url}${path}`, { method, body: method === 'DELETE' ? undefined : '{}' });
    assert.equal(res.headers.get('allow'), allow, `${method} /${path}`);
    await assertJsonError(res, 405);
  }
});

test('HEAD /api/v1/event has the headers and no body', async () => {
  const r = await rawRequest(srv.port, 'HEAD /api/v1/event HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n');
  assert.equal(r.status, 200);
  assert.equal(Number(r.headers['content-length']), Buffer.from(await (await fetch(`${srv.url}api/v1/event`)).arrayBuffer()).length);
  assert.equal(r.body.length, 0);
  assert.ok(r.closed);
});

test('a malformed request path is a 400 JSON error', async () => {
  for (const target of ['/api/v1/event%zz', '/api/%00', 'api/v1/event', '/api/v1/events/a%5cb']) {
    const r = await rawRequest(srv.port, `GET ${target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n`);
    assert.equal(r.status, 400, target);
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(typeof JSON.parse(r.body.toString('utf8')).error, 'string');
  }
});

test('an over-long request target is refused with 414 or 431, not served', async () => {
  const target = `/api/v1/events/${'a'.repeat(3000)}`;
  const r = await rawRequest(srv.port, `GET ${target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n`);
  assert.ok([414, 431].includes(r.status), `status ${r.status}`);
});

test('keep-alive: two requests on one connection are both answered', async () => {
  const req = 'GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n';
  const last = `GET /api/v1/events/${SECOND_ID} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n`;
  const r = await rawRequest(srv.port, req + last);
  const text = r.raw.toString('utf8');
  assert.equal(text.match(/HTTP\/1\.1 200 OK/g)?.length, 2, text.slice(0, 400));
  assert.ok(text.includes('{"ok":true}'));
  const second = await (await fetch(`${srv.url}api/v1/events/${SECOND_ID}`)).text();
  assert.ok(text.endsWith(second));
});

test('every request leaves one access-log line: method, path, status, bytes, ms', async () => {
  const marker = `/api/v1/events/log-marker-${Date.now()}`;
  await (await fetch(`${srv.url}${marker.slice(1)}`)).arrayBuffer();
  await (await fetch(`${srv.url}healthz?secret=do-not-log`)).arrayBuffer();
  // The line is written when the response completes, just after the client has it.
  const esc = marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const markerLine = new RegExp(`^access \\S+Z 127\\.0\\.0\\.1 GET ${esc} 404 \\d+ [\\d.]+ms$`, 'm');
  const healthLine = /^access \S+Z 127\.0\.0\.1 GET \/healthz 200 11 [\d.]+ms$/m;
  for (let i = 0; i < 100 && !(markerLine.test(srv.stderr()) && healthLine.test(srv.stderr())); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const lines = srv.stderr().split('\n');
  assert.equal(lines.filter((l) => markerLine.test(l)).length, 1, srv.stderr());
  assert.ok(healthLine.test(srv.stderr()), srv.stderr());
  assert.ok(!srv.stderr().includes('do-not-log'), 'query strings are not logged');
});
