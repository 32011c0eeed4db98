// moderation.test.mjs — moderation (docs/staff-api.md): the comment list with its filters, search
// by text or receipt reference and cursor paging; publication changes with versions (409
// when stale), each one log entry written with it; the log cannot be changed or deleted,
// not even with sqlite3; bad input is a clear JSON error that changes and logs nothing; the
// live stream shows new comments and colleagues' decisions within 2 s and resumes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

import { DEFAULT_EVENT_ID, ndjson, newComment, newRegistration, postRecords, startParleyd } from '../lib/parleyd.mjs';
import { call, dataDirWith, openStream, setPublication, signIn } from './staff.mjs';

let dir;
let srv;
let ann;
let ben;
const reg = newRegistration({ name: 'Ada Lovelace', organization: 'Analytical NGO', category: 'academia' });
const comments = [
  newComment(reg, { text: 'Transparency of the review process matters.', language: 'en', agenda_item: 'panel-cluster-1' }),
  newComment(reg, { text: 'La société civile doit être entendue.', language: 'fr', agenda_item: 'panel-cluster-1' }),
  newComment(reg, { text: 'A third comment on another item.', language: 'en', agenda_item: 'opening' }),
];

before(async () => {
  dir = await dataDirWith([['ann', 'moderator'], ['ben', 'moderator']]);
  srv = await startParleyd({ dataDir: dir });
  ann = await signIn(srv.url, 'ann');
  ben = await signIn(srv.url, 'ben');
  const r = await postRecords(srv.url, ndjson([reg, ...comments]));
  assert.equal(r.status, 200, r.text);
});

after(async () => {
  const code = await srv?.stop();
  await rm(dir, { recursive: true, force: true });
  assert.equal(code, 0);
  assert.doesNotMatch(srv.stderr(), /AddressSanitizer|runtime error|LeakSanitizer/);
});

const list = (query = '', who = ann) => call(srv.url, `api/v1/comments${query}`, { cookie: who.cookie });
const log = async () => (await call(srv.url, 'api/v1/moderation-log', { cookie: ann.cookie })).json.entries;
const sql = (q) => execFileSync('sqlite3', [join(dir, 'parley.db'), q], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('the list: record fields, reference, received, participant, pending publication', async () => {
  const r = await list();
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.next, null);
  const c = r.json.comments.find((x) => x.id === comments[0].id);
  assert.equal(c.text, comments[0].text);
  assert.equal(c.agenda_item, 'panel-cluster-1');
  assert.match(c.reference, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.match(c.received, /^\d{4}-\d\d-\d\dT/);
  assert.deepEqual(c.participant, { id: reg.id, name: 'Ada Lovelace', organization: 'Analytical NGO', category: 'academia', country: 'MX', publish_consent: true });
  assert.deepEqual(c.publication, { state: 'pending', reason: null, note: null, version: 0, changed_by: null, changed_at: null });
});

test('filters, search by text or reference, and cursor paging', async () => {
  const ids = (r) => r.json.comments.map((c) => c.id);
  assert.deepEqual(ids(await list('?item=opening')), [comments[2].id]);
  assert.deepEqual(ids(await list('?language=fr')), [comments[1].id]);
  assert.equal((await list('?category=academia')).json.comments.length, 3);
  assert.equal((await list('?category=ngo')).json.comments.length, 0);
  assert.deepEqual(ids(await list('?q=SOCI%C3%A9t%C3%A9')), [comments[1].id], 'case folds ASCII letters');
  assert.deepEqual(ids(await list('?q=transparency')), [comments[0].id]);
  const ref = (await list()).json.comments[2].reference;
  assert.deepEqual(ids(await list(`?q=${ref.toLowerCase()}`)), [comments[2].id]);
  assert.equal((await list(`?event=${DEFAULT_EVENT_ID}&state=pending`)).json.comments.length, 3);
  const p1 = await list('?limit=2');
  assert.equal(p1.json.comments.length, 2);
  assert.ok(p1.json.next);
  const p2 = await list(`?limit=2&after=${p1.json.next}`);
  assert.deepEqual(ids(p2), [comments[2].id]);
  assert.equal(p2.json.next, null);
});

test('a change: 200 with the new publication, one log entry; a stale version is 409 and changes nothing', async () => {
  const id = comments[0].id;
  const r = await setPublication(srv.url, ann, id, { state: 'published', version: 0 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'published');
  assert.equal(r.json.version, 1);
  assert.equal(r.json.changed_by, 'ann');
  // Ben saw version 0 too: his change must not overwrite Ann's.
  const stale = await setPublication(srv.url, ben, id, { state: 'withheld', reason: 'abusive', version: 0 });
  assert.equal(stale.status, 409);
  assert.match(stale.json.error, /someone else/);
  assert.equal(stale.json.version, 1);
  const w = await setPublication(srv.url, ben, id, { state: 'withheld', reason: 'personal_data', note: 'names a third person', version: 1 });
  assert.equal(w.status, 200, w.text);
  assert.equal(w.json.version, 2);
  const entries = (await log()).filter((e) => e.comment === id);
  assert.equal(entries.length, 2);
  assert.deepEqual(entries.map(({ by, from, to, reason, note }) => ({ by, from, to, reason, note })), [
    { by: 'ann', from: 'pending', to: 'published', reason: null, note: null },
    { by: 'ben', from: 'published', to: 'withheld', reason: 'personal_data', note: 'names a third person' },
  ]);
  for (const e of entries) assert.match(e.at, /^\d{4}-\d\d-\d\dT/);
  const c = (await list()).json.comments.find((x) => x.id === id);
  assert.equal(c.publication.state, 'withheld');
  assert.equal(c.publication.version, 2);
  assert.equal((await list('?state=withheld')).json.comments.length, 1);
});

test('the log is append-only: sqlite3 cannot UPDATE or DELETE an entry; entries match the changes', async () => {
  const before = sql('SELECT count(*) FROM moderation_log').trim();
  assert.throws(() => sql("UPDATE moderation_log SET note = 'rewritten'"), /append-only/);
  assert.throws(() => sql('DELETE FROM moderation_log'), /append-only/);
  assert.equal(sql('SELECT count(*) FROM moderation_log').trim(), before);
  // Every publication's version equals its number of log entries, and the last one matches it.
  const rows = sql("SELECT p.version, (SELECT count(*) FROM moderation_log l WHERE l.comment = p.comment), (SELECT to_state FROM moderation_log l WHERE l.comment = p.comment ORDER BY seq DESC LIMIT 1) = p.state FROM publication p");
  for (const line of rows.trim().split('\n')) {
    const [v, n, same] = line.split('|');
    assert.equal(v, n);
    assert.equal(same, '1');
  }
  // No endpoint edits or deletes entries.
  for (const method of ['POST', 'PUT', 'DELETE']) {
    const r = await call(srv.url, 'api/v1/moderation-log', { method, cookie: ann.cookie, csrf: ann.csrf, body: {} });
    assert.equal(r.status, 405);
  }
});

test('bad input: a clear JSON error with the right status, nothing changed, nothing logged', async () => {
  const id = comments[1].id;
  const n0 = (await log()).length;
  const cases = [
    [{ state: 'archived', version: 0 }, 400, /state/],
    [{ state: 'withheld', version: 0 }, 400, /reason: required/],
    [{ state: 'withheld', reason: 'boring', version: 0 }, 400, /reason/],
    [{ state: 'published', reason: 'abusive', version: 0 }, 400, /reason/],
    [{ state: 'published' }, 400, /version/],
    [{ state: 'published', version: -1 }, 400, /version/],
    [{ state: 'published', version: 1.5 }, 400, /version/],
    [{ state: 'published', version: '0' }, 400, /version/],
    [{ state: 'published', version: 0, note: 'x'.repeat(1001) }, 400, /note/],
    [{ state: 'published', version: 0, note: 'bell\u0007' }, 400, /note/],
    [{ state: 'published', version: 0, note: 12 }, 400, /note/],
    [{ state: 'published', version: 7 }, 409, /current/],
  ];
  for (const [body, status, why] of cases) {
    const r = await setPublication(srv.url, ann, id, body);
    assert.equal(r.status, status, `${JSON.stringify(body).slice(0, 80)}: ${r.text}`);
    assert.match(r.json.error, why);
  }
  const raw = async (body, ct = 'application/json') => call(srv.url, `api/v1/comments/${id}/publication`, { method: 'POST', body, cookie: ann.cookie, csrf: ann.csrf, headers: { 'content-type': ct } });
  for (const body of ['{', '{"state":"published","version":0}x', '[]', '"published"', '\u0000']) {
    const r = await raw(body);
    assert.equal(r.status, 400, body);
    assert.ok(r.json.error);
  }
  assert.equal((await raw('{"state":"published","version":0}', 'text/plain')).status, 415);
  const big = await raw(JSON.stringify({ state: 'published', version: 0, note: 'x'.repeat(20000) }));
  assert.equal(big.status, 413);
  // Unknown or malformed ids.
  for (const path of [`api/v1/comments/${'0'.repeat(8)}-0000-4000-8000-000000000000/publication`,
    'api/v1/comments/not-a-uuid/publication', `api/v1/comments/${id}/state`, `api/v1/comments/${reg.id}/publication`]) {
    const r = await call(srv.url, path, { method: 'POST', body: { state: 'published', version: 0 }, cookie: ann.cookie, csrf: ann.csrf });
    assert.equal(r.status, 404, path);
    assert.ok(r.json.error);
  }
  // Bad list parameters.
  for (const q of ['?state=lost', '?limit=0', '?limit=501', '?limit=x', '?after=-1', '?category=gov', '?event=a%20b', '?item=%ZZ', `?q=${'x'.repeat(201)}`]) {
    const r = await list(q);
    assert.equal(r.status, 400, q);
    assert.ok(r.json.error);
  }
  assert.equal((await log()).length, n0);
  const c = (await list()).json.comments.find((x) => x.id === id);
  assert.equal(c.publication.version, 0);
});

test('live: a new comment and a colleague\'s decision reach the stream within 2 s; Last-Event-ID resumes', async () => {
  const s = await openStream(srv.url, ann.cookie);
  assert.equal(s.res.status, 200);
  assert.match(s.res.headers.get('content-type'), /^text\/event-stream/);
  const hello = await s.next((e) => e.comment === 'connected');
  const fresh = newComment(reg, { text: 'Arrives while Ann watches.' });
  const t0 = Date.now();
  const up = await postRecords(srv.url, ndjson([fresh]));
  const tAck = Date.now();
  assert.equal(up.status, 200);
  const got = await s.next((e) => e.event === 'comment' && e.data.comment === fresh.id, 2000);
  const commentLatency = got.at - tAck;
  assert.ok(got.at - t0 < 2000);
  assert.match(got.data.reference, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const t1 = Date.now();
  const ch = await setPublication(srv.url, ben, fresh.id, { state: 'published', version: 0 });
  assert.equal(ch.status, 200);
  const dec = await s.next((e) => e.event === 'publication' && e.data.publication.comment === fresh.id, 2000);
  const decisionLatency = dec.at - t1;
  assert.equal(dec.data.publication.changed_by, 'ben');
  console.log(`# live stream: new comment after its acknowledgement ${commentLatency} ms, colleague's decision ${decisionLatency} ms`);
  assert.ok(Number(dec.id) > Number(got.id));
  s.close();
  // While nobody listens, two more decisions; resuming from the last id seen gets both.
  await setPublication(srv.url, ben, fresh.id, { state: 'withheld', reason: 'duplicate', version: 1 });
  await setPublication(srv.url, ben, fresh.id, { state: 'pending', version: 2 });
  const again = await openStream(srv.url, ann.cookie, { lastEventId: dec.id });
  const a = await again.next((e) => e.event === 'publication' && e.data.publication.version === 2);
  const b = await again.next((e) => e.event === 'publication' && e.data.publication.version === 3);
  assert.ok(Number(a.id) < Number(b.id));
  assert.equal(again.events.filter((e) => e.event === 'publication' && e.data.publication.version === 1).length, 0);
  again.close();
  assert.ok(hello);
  // Without a session: 401; a bad Last-Event-ID: 400.
  assert.equal((await call(srv.url, 'api/v1/stream')).status, 401);
  assert.equal((await call(srv.url, 'api/v1/stream', { cookie: ann.cookie, headers: { 'last-event-id': 'x' } })).status, 400);
});

test('live: at most 32 staff connections (then 503 with Retry-After); heartbeats keep a quiet stream open', async () => {
  const d = await dataDirWith([['mod', 'moderator']]);
  const s2 = await startParleyd({ dataDir: d, args: ['--stream-heartbeat', '1', '--timeout', '2'] });
  try {
    const who = await signIn(s2.url, 'mod');
    const open = [];
    for (let i = 0; i < 32; i++) open.push(await openStream(s2.url, who.cookie));
    for (const o of open) assert.equal(o.res.status, 200);
    const over = await call(s2.url, 'api/v1/stream', { cookie: who.cookie });
    assert.equal(over.status, 503);
    assert.ok(Number(over.headers.get('retry-after')) > 0);
    for (const o of open.slice(1)) o.close();
    // Quiet for longer than the idle timeout (2 s) and its header window: heartbeats keep it.
    await new Promise((r) => setTimeout(r, 4500));
    const beats = open[0].events.filter((e) => e.comment === 'heartbeat').length;
    assert.ok(beats >= 2, `heartbeats: ${beats}`);
    const reg2 = newRegistration();
    const c2 = newComment(reg2);
    await postRecords(s2.url, ndjson([reg2, c2]));
    await open[0].next((e) => e.event === 'comment' && e.data.comment === c2.id, 2000);
    open[0].close();
  } finally {
    assert.equal(await s2.stop(), 0);
    await rm(d, { recursive: true, force: true });
  }
});
