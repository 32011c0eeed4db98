// chair.test.mjs — the Chair's tools (docs/chair-api.md): the item in progress (roles, the
// event's ETag and its 304), registrations and their status (roles, the objecting State
// party, versions with 409, the append-only log, statistics counting approved registrations
// once any is), the speakers' queue (idempotent by the device's id, one open request per
// participant and item, unknown item / panellist / participant refused, positions, the
// Chair's states, the participant's withdrawal), bad input changing nothing, and all of it
// surviving a restart of parleyd on the same data directory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

import { DEFAULT_EVENT_ID, ndjson, newRegistration, postRecords, startParleyd } from '../lib/parleyd.mjs';
import { call, dataDirWith, signIn } from './staff.mjs';

const TOKEN = 'chair-test-admin-token-0123456789';
const EV = DEFAULT_EVENT_ID;
let dir;
let srv;
let mod;
let chair;

const regs = {
  ana: newRegistration({ name: 'Ana', organization: 'Casa Monarca', category: 'ngo', country: 'MX' }),
  ben: newRegistration({ name: 'Ben', organization: 'Uni of Vienna', category: 'academia', country: 'AT' }),
  cai: newRegistration({ name: 'Cai', organization: 'Acme Shipping', category: 'private_sector', country: 'CN' }),
  dee: newRegistration({ name: 'Dee', organization: 'Another NGO', category: 'ngo', country: 'FR' }),
  eve: newRegistration({ name: 'Eve', organization: 'Blue Sky', category: 'ngo', country: 'ES' }),
};

async function start() {
  srv = await startParleyd({ dataDir: dir, env: { PARLEY_ADMIN_TOKEN: TOKEN } });
  mod = await signIn(srv.url, 'mod');
  chair = await signIn(srv.url, 'chair');
}

async function stop() {
  const code = await srv.stop();
  assert.equal(code, 0);
  assert.doesNotMatch(srv.stderr(), /AddressSanitizer|runtime error|LeakSanitizer/);
}

before(async () => {
  dir = await dataDirWith([['mod', 'moderator'], ['chair', 'chair']]);
  await start();
  const r = await postRecords(srv.url, ndjson(Object.values(regs)));
  assert.equal(r.status, 200, r.text);
});

after(async () => {
  if (srv) await stop();
  await rm(dir, { recursive: true, force: true });
});

const as = (who, path, opts = {}) => call(srv.url, path, { cookie: who?.cookie, csrf: who?.csrf, ...opts });
const putCurrent = (who, body) => as(who, `api/v1/events/${EV}/current`, { method: 'PUT', body });
const setStatus = (who, id, body) => as(who, `api/v1/registrations/${id}/status`, { method: 'POST', body });
const floor = (body) => call(srv.url, 'api/v1/floor', { method: 'POST', body });
const floorState = (who, id, state) => as(who, `api/v1/floor/${id}/state`, { method: 'POST', body: { state } });
const sql = (q) => execFileSync('sqlite3', [join(dir, 'parley.db'), q], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const stats = async () => (await call(srv.url, 'api/v1/stats', { token: TOKEN })).json;

test('the item in progress: none at first; the event carries it with an ETag that a poll revalidates with one 304', async () => {
  const ev = await call(srv.url, 'api/v1/event');
  assert.equal(ev.status, 200);
  assert.equal(ev.json.id, EV);
  assert.equal(ev.json.current_item, null);
  assert.equal(ev.json.current_since, null);
  assert.ok(Array.isArray(ev.json.agenda), 'the rest of the event file is still there');
  const tag = ev.headers.get('etag');
  assert.match(tag, /^"[0-9a-f]{32}"$/);
  assert.equal(tag, `"${ev.json.revision}"`, 'the body names its own tag, for devices that cannot read headers');
  const again = await call(srv.url, 'api/v1/event', { headers: { 'if-none-match': tag } });
  assert.equal(again.status, 304);
  assert.equal(again.text, '');
  const byId = await call(srv.url, `api/v1/events/${EV}`);
  assert.equal(byId.json.current_item, null);
  const cur = await call(srv.url, `api/v1/events/${EV}/current`);
  assert.equal(cur.status, 200);
  assert.deepEqual(cur.json, { agenda_item: null, since: null, version: 0 });
  assert.equal((await call(srv.url, 'api/v1/events/no-such-event/current')).status, 404);
});

test('one language of the event (?lang=): each text in that language only, its own tag, the rest as it is', async () => {
  const whole = await call(srv.url, 'api/v1/event');
  for (const lang of ['en', 'fr', 'ar', 'zh', 'ru', 'es', 'zh-Hans', 'de']) {
    const r = await call(srv.url, `api/v1/event?lang=${lang}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.text.length < whole.text.length / 2, `${lang}: ${r.text.length} of ${whole.text.length} bytes`);
    assert.equal(r.json.id, whole.json.id);
    assert.deepEqual(r.json.languages, whole.json.languages);
    assert.deepEqual(r.json.agenda.map((a) => a.id), whole.json.agenda.map((a) => a.id));
    assert.equal(r.json.current_item, whole.json.current_item);
    const shown = ['en', 'fr', 'ar', 'zh', 'ru', 'es'].includes(lang.slice(0, 2)) ? lang.slice(0, 2) : 'en';
    assert.deepEqual(r.json.title, { [shown]: whole.json.title[shown] });
    assert.deepEqual(r.json.agenda[1].summary, { [shown]: whole.json.agenda[1].summary[shown] });
    const tag = r.headers.get('etag');
    assert.equal(tag, `"${r.json.revision}"`);
    assert.notEqual(tag, whole.headers.get('etag'));
    assert.equal((await call(srv.url, `api/v1/event?lang=${lang}`, { headers: { 'if-none-match': tag } })).status, 304);
  }
  for (const bad of ['', '1x', 'e%20n', 'x'.repeat(40), 'en_GB']) {
    const r = await call(srv.url, `api/v1/event?lang=${bad}`);
    assert.equal(r.status, 400, `lang=${bad}`);
    assert.match(r.json.error, /^lang: /);
  }
});

test('setting the item in progress: the chair only, with CSRF; the ETag changes with it', async () => {
  const before = await call(srv.url, 'api/v1/event');
  assert.equal((await call(srv.url, `api/v1/events/${EV}/current`, { method: 'PUT', body: { agenda_item: 'opening' } })).status, 401);
  assert.equal((await putCurrent(mod, { agenda_item: 'opening' })).status, 403);
  assert.equal((await as(chair, `api/v1/events/${EV}/current`, { method: 'PUT', body: { agenda_item: 'opening' }, csrf: 'wrong' })).status, 403);
  const r = await putCurrent(chair, { agenda_item: 'panel-cluster-1' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.agenda_item, 'panel-cluster-1');
  assert.match(r.json.since, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
  assert.equal(r.json.version, 1);
  const polled = await call(srv.url, 'api/v1/event', { headers: { 'if-none-match': before.headers.get('etag') } });
  assert.equal(polled.status, 200, 'the old tag no longer matches');
  assert.equal(polled.json.current_item, 'panel-cluster-1');
  assert.equal(polled.json.current_since, r.json.since);
  assert.notEqual(polled.headers.get('etag'), before.headers.get('etag'));
  // The admin token acts as an admin (who can do what a chair can).
  const t = await call(srv.url, `api/v1/events/${EV}/current`, { method: 'PUT', body: { agenda_item: 'panel-cluster-1' }, token: TOKEN });
  assert.equal(t.status, 200, t.text);
  assert.equal(t.json.version, 2);
});

test('bad item-in-progress input is a clear error and changes nothing', async () => {
  const was = (await call(srv.url, `api/v1/events/${EV}/current`)).json;
  for (const body of [{ agenda_item: 'no-such-item' }, { agenda_item: 7 }, {}, { agenda_item: 'x'.repeat(100) }]) {
    const r = await putCurrent(chair, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(r.json.error, /agenda_item/);
  }
  assert.equal((await putCurrent(chair, 'not json')).status, 400);
  assert.equal((await as(chair, `api/v1/events/${EV}`, { method: 'PUT', body: { agenda_item: null } })).status, 405);
  assert.deepEqual((await call(srv.url, `api/v1/events/${EV}/current`)).json, was);
});

test('registrations: listed for moderators by category, organisation and country, without e-mail', async () => {
  assert.equal((await call(srv.url, 'api/v1/registrations')).status, 401);
  const r = await as(mod, `api/v1/registrations?event=${EV}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.registrations.map((x) => x.name), ['Dee', 'Eve', 'Ana', 'Ben', 'Cai']);
  const ana = r.json.registrations.find((x) => x.id === regs.ana.id);
  assert.equal(ana.organization, 'Casa Monarca');
  assert.equal(ana.country, 'MX');
  assert.equal(ana.category, 'ngo');
  assert.equal('email' in ana, false);
  assert.deepEqual(ana.status, { status: 'pending', by: null, note: null, version: 0, changed_by: null, changed_at: null });
  assert.equal((await as(mod, 'api/v1/registrations?status=bogus')).status, 400);
});

test('registration status: the chair approves, records an objection with the State party, or a withdrawal; 409 when stale; every change logged', async () => {
  assert.equal((await setStatus(mod, regs.ana.id, { status: 'approved', version: 0 })).status, 403);
  const a = await setStatus(chair, regs.ana.id, { status: 'approved', version: 0 });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.status, 'approved');
  assert.equal(a.json.version, 1);
  assert.equal(a.json.changed_by, 'chair');
  const stale = await setStatus(chair, regs.ana.id, { status: 'withdrawn', version: 0 });
  assert.equal(stale.status, 409);
  assert.equal(stale.json.version, 1);
  const o = await setStatus(chair, regs.cai.id, { status: 'objected', by: 'State party X', note: 'Objection read out in the meeting', version: 0 });
  assert.equal(o.status, 200, o.text);
  assert.equal(o.json.by, 'State party X');
  assert.equal((await setStatus(chair, regs.ben.id, { status: 'approved', version: 0 })).status, 200);
  assert.equal((await setStatus(chair, regs.dee.id, { status: 'withdrawn', version: 0 })).status, 200);
  const list = (await as(mod, `api/v1/registrations?event=${EV}&status=objected`)).json.registrations;
  assert.deepEqual(list.map((x) => [x.name, x.status.by, x.status.note]), [['Cai', 'State party X', 'Objection read out in the meeting']]);
  const log = await as(mod, `api/v1/registration-log?event=${EV}`);
  assert.equal(log.status, 200);
  assert.deepEqual(log.json.entries.map(({ by, registration, from, to, party, version }) => ({ by, registration, from, to, party, version })), [
    { by: 'chair', registration: regs.ana.id, from: 'pending', to: 'approved', party: null, version: 1 },
    { by: 'chair', registration: regs.cai.id, from: 'pending', to: 'objected', party: 'State party X', version: 1 },
    { by: 'chair', registration: regs.ben.id, from: 'pending', to: 'approved', party: null, version: 1 },
    { by: 'chair', registration: regs.dee.id, from: 'pending', to: 'withdrawn', party: null, version: 1 },
  ]);
  assert.throws(() => sql("UPDATE registration_log SET note = 'x'"), /append-only/);
  assert.throws(() => sql('DELETE FROM registration_log'), /append-only/);
});

test('bad registration status input is a clear error and changes nothing', async () => {
  const before = sql('SELECT count(*) FROM registration_log').trim();
  const cases = [
    [{ status: 'objected', version: 0 }, 400, /by: an objection names the State party/],
    [{ status: 'objected', by: '', version: 0 }, 400, /by: an objection names/],
    [{ status: 'approved', by: 'State party Y', version: 0 }, 400, /by: only an objection/],
    [{ status: 'objected', by: 'x'.repeat(201), version: 0 }, 400, /by: at most 200/],
    [{ status: 'maybe', version: 0 }, 400, /status/],
    [{ status: 'approved', version: -1 }, 400, /version/],
    [{ status: 'approved', version: 0, note: 'a\u0001b' }, 400, /note/],
    [{ status: 'approved', version: 0, note: 'n'.repeat(1001) }, 400, /note/],
  ];
  for (const [body, status, msg] of cases) {
    const r = await setStatus(chair, regs.eve.id, body);
    assert.equal(r.status, status, JSON.stringify(body));
    assert.match(r.json.error, msg);
  }
  assert.equal((await setStatus(chair, randomUUID(), { status: 'approved', version: 0 })).status, 404);
  assert.equal((await as(chair, 'api/v1/registrations/not-a-uuid/status', { method: 'POST', body: { status: 'approved', version: 0 } })).status, 404);
  assert.equal(sql('SELECT count(*) FROM registration_log').trim(), before);
  assert.equal(sql(`SELECT count(*) FROM registration_status WHERE registration = '${regs.eve.id}'`).trim(), '0');
});

test('statistics and the participation sentence count approved registrations once any is approved', async () => {
  const s = await stats();
  assert.equal(s.counting, 'approved');
  assert.equal(s.participants, 2);
  assert.deepEqual(s.participants_by_category, { ngo: 1, academia: 1, private_sector: 0, other: 0 });
  assert.equal(s.participation_sentence, 'One non-governmental organization (NGO) and one other relevant stakeholder (one from academia) participated in the constructive dialogue.');
});

test('the speakers\' queue: a request for the item in progress, idempotent by its id, one open per participant and item', async () => {
  const ana1 = { id: randomUUID(), event: EV, participant: regs.ana.id, agenda_item: 'panel-cluster-1', addressed_to: 'casa-monarca' };
  const r = await floor(ana1);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { id: ana1.id, agenda_item: 'panel-cluster-1', position: 1, state: 'waiting' });
  const retry = await floor(ana1);
  assert.deepEqual(retry.json, r.json, 'the same id again is the same request');
  const second = await floor({ ...ana1, id: randomUUID() });
  assert.equal(second.status, 409);
  assert.equal(second.json.request.id, ana1.id, 'the open request is named');
  const stolen = await floor({ ...ana1, participant: regs.ben.id });
  assert.equal(stolen.status, 409);
  assert.match(stolen.json.error, /id/);
  const ben1 = { id: randomUUID(), event: EV, participant: regs.ben.id, agenda_item: 'panel-cluster-1', addressed_to: null };
  assert.equal((await floor(ben1)).json.position, 2);
  assert.deepEqual((await call(srv.url, `api/v1/floor/${ben1.id}`)).json, { id: ben1.id, agenda_item: 'panel-cluster-1', position: 2, state: 'waiting' });
  assert.equal((await call(srv.url, `api/v1/floor/${randomUUID()}`)).status, 404);
  assert.equal(sql("SELECT count(*) FROM floor_requests").trim(), '2');
  globalThis.queue = { ana1, ben1 };
});

test('bad floor requests are clear errors and queue nothing', async () => {
  const base = { id: randomUUID(), event: EV, participant: regs.eve.id, agenda_item: 'panel-cluster-1', addressed_to: null };
  const cases = [
    [{ ...base, agenda_item: 'opening' }, 409, /item in progress/],
    [{ ...base, agenda_item: 'no-such-item' }, 400, /agenda_item/],
    [{ ...base, addressed_to: 'someone-else' }, 400, /addressed_to/],
    [{ ...base, participant: randomUUID() }, 400, /participant: no registration/],
    [{ ...base, participant: regs.cai.id }, 403, /objected to or withdrawn/],
    [{ ...base, participant: regs.dee.id }, 403, /objected to or withdrawn/],
    [{ ...base, id: 'not-a-uuid' }, 400, /id/],
    [{ ...base, event: 'no-such-event' }, 400, /event/],
  ];
  for (const [body, status, msg] of cases) {
    const r = await floor(body);
    assert.equal(r.status, status, JSON.stringify(body));
    assert.match(r.json.error, msg);
  }
  const big = await call(srv.url, 'api/v1/floor', { method: 'POST', body: JSON.stringify({ ...base, pad: 'x'.repeat(10000) }) });
  assert.equal(big.status, 413);
  const plain = await call(srv.url, 'api/v1/floor', { method: 'POST', body: JSON.stringify(base), headers: { 'content-type': 'text/plain' } });
  assert.equal(plain.status, 415);
  assert.equal(sql("SELECT count(*) FROM floor_requests").trim(), '2');
});

test('the queue for moderators; the chair gives the floor and marks done; the participant withdraws', async () => {
  const { ana1, ben1 } = globalThis.queue;
  assert.equal((await call(srv.url, `api/v1/floor?event=${EV}`)).status, 401);
  const q = await as(mod, `api/v1/floor?event=${EV}`);
  assert.equal(q.status, 200, q.text);
  assert.deepEqual(q.json.requests.map((x) => [x.participant.name, x.participant.organization, x.participant.category, x.position, x.state, x.addressed_to]), [
    ['Ana', 'Casa Monarca', 'ngo', 1, 'waiting', 'casa-monarca'],
    ['Ben', 'Uni of Vienna', 'academia', 2, 'waiting', null],
  ]);
  assert.equal((await floorState(mod, ana1.id, 'speaking')).status, 403);
  assert.equal((await floorState(chair, ana1.id, 'talking')).status, 400);
  const sp = await floorState(chair, ana1.id, 'speaking');
  assert.equal(sp.status, 200, sp.text);
  assert.deepEqual(sp.json, { id: ana1.id, agenda_item: 'panel-cluster-1', position: null, state: 'speaking' });
  assert.equal((await call(srv.url, `api/v1/floor/${ben1.id}`)).json.position, 1, 'Ben moves up');
  // Giving the floor to Ben ends Ana's turn.
  assert.equal((await floorState(chair, ben1.id, 'speaking')).json.state, 'speaking');
  assert.equal((await call(srv.url, `api/v1/floor/${ana1.id}`)).json.state, 'done');
  assert.equal((await floorState(chair, ana1.id, 'speaking')).status, 409, 'a finished turn is final');
  // Eve asks and withdraws herself (no sign-in: her device holds the id).
  const eve1 = { id: randomUUID(), event: EV, participant: regs.eve.id, agenda_item: 'panel-cluster-1', addressed_to: null };
  assert.equal((await floor(eve1)).json.position, 1);
  const w = await call(srv.url, `api/v1/floor/${eve1.id}`, { method: 'DELETE' });
  assert.equal(w.status, 200, w.text);
  assert.equal(w.json.state, 'withdrawn');
  assert.equal((await call(srv.url, `api/v1/floor/${eve1.id}`, { method: 'DELETE' })).status, 409);
  // Once withdrawn she may ask again with a new request.
  const eve2 = { ...eve1, id: randomUUID() };
  assert.equal((await floor(eve2)).json.position, 1);
  globalThis.queue.eve2 = eve2;
});

test('a restart keeps the item in progress, the statuses, the log and the queue', async () => {
  const before = {
    current: (await call(srv.url, `api/v1/events/${EV}/current`)).json,
    regs: (await as(mod, `api/v1/registrations?event=${EV}`)).json,
    log: (await as(mod, `api/v1/registration-log?event=${EV}`)).json,
    queue: (await as(mod, `api/v1/floor?event=${EV}`)).json,
  };
  await stop();
  await start();
  assert.deepEqual((await call(srv.url, `api/v1/events/${EV}/current`)).json, before.current);
  assert.deepEqual((await as(mod, `api/v1/registrations?event=${EV}`)).json, before.regs);
  assert.deepEqual((await as(mod, `api/v1/registration-log?event=${EV}`)).json, before.log);
  assert.deepEqual((await as(mod, `api/v1/floor?event=${EV}`)).json, before.queue);
  const { eve2 } = globalThis.queue;
  assert.equal((await floor(eve2)).json.position, 1, 'a retry after the restart is still the same request');
  // Clearing the item: no "since", and a new request is refused.
  const clear = await putCurrent(chair, { agenda_item: null });
  assert.deepEqual([clear.json.agenda_item, clear.json.since], [null, null]);
  assert.equal((await floor({ ...eve2, id: randomUUID() })).status, 409);
});
