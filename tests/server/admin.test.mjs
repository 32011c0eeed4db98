// admin.test.mjs — the secretariat's endpoints over loopback (docs/interface.md §2): bearer token or
// 401, comments CSV (RFC 4180, BOM, formula cells neutralised, joined with registrations),
// comments and registrations JSON, /api/v1/stats and the participation sentence of a
// Chair's summary written from the registrations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  DEFAULT_EVENT, DEFAULT_EVENT_ID, adminGet, ndjson, newComment, newRegistration, postRecords,
  startParleyd,
} from '../lib/parleyd.mjs';

const TOKEN = 'admin-test-token-0123456789abcdef';
const ADMIN_PATHS = ['api/v1/export/comments.csv', 'api/v1/export/comments.json',
  'api/v1/export/registrations.json', 'api/v1/stats'];
let srv;
let tmp;
// Extra events for the sentence variants: [id, English title].
const EVENTS = [
  ['cd-one', 'Constructive dialogue with one NGO'],
  ['cd-academics', 'Constructive dialogue without NGOs'],
  ['meeting-21', 'Expert meeting on something else'],
  ['cd-series', 'Constructive dialogue, series rule'],
  ['cd-many', 'Constructive dialogue with many NGOs'],
  ['cd-empty', 'Constructive dialogue nobody came to'],
];

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parleyd-admin-'));
  const base = JSON.parse(await readFile(DEFAULT_EVENT, 'utf8'));
  const files = [DEFAULT_EVENT];
  for (const [id, title] of EVENTS) {
    const file = join(tmp, `${id}.json`);
    await writeFile(file, JSON.stringify({ ...base, id, title: { en: title } }));
    files.push(file);
  }
  srv = await startParleyd({ events: files, env: { PARLEY_ADMIN_TOKEN: TOKEN } });
});

after(async () => {
  const code = await srv?.stop();
  await rm(tmp, { recursive: true, force: true });
  assert.equal(code, 0);
  assert.doesNotMatch(srv.stderr(), /AddressSanitizer|runtime error|LeakSanitizer/);
});

async function upload(records) {
  const r = await postRecords(srv.url, ndjson(records));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.rejected.length, 0, r.text);
  return r.json;
}

// A strict RFC 4180 parser: rows of cells; CRLF line ends; quotes doubled inside quotes.
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      cell += c;
      i++;
      continue;
    }
    if (c === '"' && cell === '') { quoted = true; i++; continue; }
    assert.notEqual(c, '"', `bare quote at ${i}`);
    if (c === ',') { row.push(cell); cell = ''; i++; continue; }
    if (c === '\r') {
      assert.equal(text[i + 1], '\n', `CR without LF at ${i}`);
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 2;
      continue;
    }
    assert.notEqual(c, '\n', `bare LF outside quotes at ${i}`);
    cell += c;
    i++;
  }
  assert.equal(cell, '', 'the last row ends with CRLF');
  assert.equal(row.length, 0);
  return rows;
}

test('every admin endpoint is 401 without the right bearer token', async () => {
  const wrong = [null, '', 'x', TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase(), `${TOKEN.slice(0, -1)}g`];
  for (const path of ADMIN_PATHS) {
    for (const token of wrong) {
      const r = await adminGet(srv.url, path, token);
      assert.equal(r.status, 401, `${path} with ${token}`);
      assert.match(r.headers.get('www-authenticate'), /^Bearer /);
      assert.equal(r.headers.get('content-type'), 'application/json');
      assert.deepEqual(Object.keys(JSON.parse(r.text)), ['error']);
    }
    for (const header of [`Basic ${TOKEN}`, TOKEN, `Bearer${TOKEN}`, `Token ${TOKEN}`]) {
      const res = await fetch(`${srv.url}${path}`, { headers: { authorization: header } });
      assert.equal(res.status, 401, `${path} with "${header}"`);
      await res.arrayBuffer();
    }
    // The scheme is case-insensitive (RFC 7235); the token is not.
    const res = await fetch(`${srv.url}${path}`, { headers: { authorization: `bearer   ${TOKEN}` } });
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    await res.arrayBuffer();
  }
});

test('comments.csv: BOM, the contract columns, RFC 4180 quoting, joined with the registration', async () => {
  const reg = newRegistration({ name: 'María "Mari" López', organization: 'Casa Monarca, A.C.', country: 'MX', category: 'ngo' });
  const c1 = newComment(reg, { text: 'First line\nsecond line, with "quotes"', addressed_to: 'casa-monarca', language: 'es' });
  const orphan = newComment('00000000-0000-4000-8000-000000000001', { text: 'No registration yet' });
  await upload([reg, c1, orphan]);
  const r = await adminGet(srv.url, 'api/v1/export/comments.csv', TOKEN);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.match(r.headers.get('content-disposition'), /attachment; filename="comments\.csv"/);
  assert.deepEqual([...r.body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const rows = parseCsv(r.body.subarray(3).toString('utf8'));
  assert.deepEqual(rows[0], ['id', 'created', 'received', 'event', 'agenda_item', 'addressed_to',
    'participant_name', 'organization', 'category', 'country', 'language', 'text']);
  const row = rows.find((x) => x[0] === c1.id);
  assert.ok(row, 'the comment has a row');
  assert.equal(row.length, 12);
  assert.deepEqual([row[1], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10], row[11]],
    [c1.created, DEFAULT_EVENT_ID, 'panel-cluster-1', 'casa-monarca', reg.name, reg.organization, 'ngo', 'MX', 'es', c1.text]);
  assert.match(row[2], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const orow = rows.find((x) => x[0] === orphan.id);
  assert.deepEqual([orow[6], orow[7], orow[8], orow[9], orow[5]], ['', '', '', '', ''], 'no registration: empty cells; null addressed_to: empty');
  assert.ok(rows.findIndex((x) => x[0] === c1.id) < rows.findIndex((x) => x[0] === orphan.id), 'in the order received');
  // HEAD: same headers, no body.
  const head = await fetch(`${srv.url}api/v1/export/comments.csv`, { method: 'HEAD', headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(head.status, 200);
  assert.equal((await head.arrayBuffer()).byteLength, 0);
});

test('comments.csv neutralises cells a spreadsheet would run as a formula', async () => {
  const dangerous = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tTAB', '\rCR', '＝1+1', '=HYPERLINK("http://x","y")'];
  const reg = newRegistration({ name: '=cmd|"/c calc"!A1', organization: '@evil' });
  const comments = dangerous.map((text) => newComment(reg, { text }));
  await upload([reg, ...comments]);
  const r = await adminGet(srv.url, 'api/v1/export/comments.csv', TOKEN);
  const rows = parseCsv(r.body.subarray(3).toString('utf8'));
  for (const c of comments) {
    const row = rows.find((x) => x[0] === c.id);
    assert.equal(row[11], `'${c.text}`, JSON.stringify(c.text));
    assert.equal(row[6], `'${reg.name}`);
    assert.equal(row[7], `'${reg.organization}`);
  }
  // Harmless text is left alone.
  const plain = newComment(reg, { text: 'A 10-point plan; 5 - 3 = 2' });
  await upload([plain]);
  const again = parseCsv((await adminGet(srv.url, 'api/v1/export/comments.csv', TOKEN)).body.subarray(3).toString('utf8'));
  assert.equal(again.find((x) => x[0] === plain.id)[11], plain.text);
});

test('comments.json and registrations.json: records as received, with the participant and consent', async () => {
  const reg = newRegistration({ publish_consent: false, email: 'p@example.org', device_note: { any: ['thing'] } });
  const com = newComment(reg, { text: 'Über alles: “quotes” and \\ backslash' });
  await upload([reg, com]);
  let r = await adminGet(srv.url, 'api/v1/export/comments.json', TOKEN);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/json');
  const comments = JSON.parse(r.text);
  assert.equal(comments.count, comments.comments.length);
  const row = comments.comments.find((x) => x.record.id === com.id);
  assert.deepEqual(row.record, com);
  assert.deepEqual(row.participant, {
    name: reg.name, organization: reg.organization, category: reg.category, country: reg.country,
    email: reg.email, publish_consent: false,
  });
  r = await adminGet(srv.url, 'api/v1/export/registrations.json', TOKEN);
  const regs = JSON.parse(r.text);
  assert.equal(regs.count, regs.registrations.length);
  assert.deepEqual(regs.registrations.find((x) => x.record.id === reg.id).record, reg);
  assert.ok(regs.registrations.every((x) => x.record.type === 'registration'));
});

test('exports filter by ?event=; a malformed filter is 400', async () => {
  const other = newRegistration({ event: 'cd-one', organization: 'Filter Test Org' });
  await upload([other]);
  let r = await adminGet(srv.url, 'api/v1/export/registrations.json?event=cd-one', TOKEN);
  let rows = JSON.parse(r.text).registrations;
  assert.ok(rows.some((x) => x.record.id === other.id));
  assert.ok(rows.every((x) => x.record.event === 'cd-one'));
  r = await adminGet(srv.url, `api/v1/export/registrations.json?event=${DEFAULT_EVENT_ID}`, TOKEN);
  rows = JSON.parse(r.text).registrations;
  assert.ok(!rows.some((x) => x.record.id === other.id));
  r = await adminGet(srv.url, 'api/v1/export/comments.csv?event=no-such-event', TOKEN);
  assert.equal(r.status, 200);
  assert.equal(parseCsv(r.body.subarray(3).toString('utf8')).length, 1, 'only the header row');
  for (const q of ['event=a%20b', 'event=', 'event', 'event=%zz', `event=${'a'.repeat(65)}`]) {
    r = await adminGet(srv.url, `api/v1/export/comments.json?${q}`, TOKEN);
    assert.equal(r.status, 400, q);
  }
});

test('stats: participants and distinct organisations by category, comments by item and panellist, and the seed sentence', async () => {
  const ev = 'cd-many';
  const regs = [];
  for (let i = 1; i <= 37; i++) regs.push(newRegistration({ event: ev, category: 'ngo', organization: `NGO number ${i}` }));
  // Two more people from NGOs already counted (spelled differently): still 37 organisations.
  regs.push(newRegistration({ event: ev, category: 'ngo', organization: '  ngo NUMBER   1 ' }));
  regs.push(newRegistration({ event: ev, category: 'ngo', organization: 'NGO number 2' }));
  for (let i = 1; i <= 5; i++) regs.push(newRegistration({ event: ev, category: 'academia', organization: `University ${i}` }));
  regs.push(newRegistration({ event: ev, category: 'academia', organization: 'University 5' }));
  regs.push(newRegistration({ event: ev, category: 'private_sector', organization: 'Company A' }));
  regs.push(newRegistration({ event: ev, category: 'private_sector', organization: 'Company B' }));
  const comments = [
    newComment(regs[0], { event: ev, agenda_item: 'panel-cluster-1', addressed_to: 'casa-monarca' }),
    newComment(regs[1], { event: ev, agenda_item: 'panel-cluster-1', addressed_to: 'casa-monarca' }),
    newComment(regs[2], { event: ev, agenda_item: 'panel-cluster-1', addressed_to: 'rapha-international' }),
    newComment(regs[3], { event: ev, agenda_item: 'inputs', addressed_to: null }),
    newComment(regs[4], { event: ev, agenda_item: 'item-the-event-lacks', addressed_to: 'someone-else' }),
  ];
  await upload([...regs, ...comments]);
  // Records of another event do not count here.
  await upload([newRegistration({ event: 'cd-one', organization: 'Elsewhere' })]);
  const r = await adminGet(srv.url, `api/v1/stats?event=${ev}`, TOKEN);
  assert.equal(r.status, 200, r.text);
  const s = JSON.parse(r.text);
  assert.equal(s.event, ev);
  assert.equal(s.participants, 47);
  assert.deepEqual(s.participants_by_category, { ngo: 39, academia: 6, private_sector: 2, other: 0 });
  assert.deepEqual(s.organizations_by_category, { ngo: 37, academia: 5, private_sector: 2, other: 0 });
  assert.equal(s.comments, 5);
  assert.deepEqual(s.comments_by_agenda_item, {
    opening: 0, briefing: 0, 'panel-cluster-1': 3, inputs: 1, closing: 0, 'item-the-event-lacks': 1,
  });
  assert.deepEqual(s.comments_by_panellist, {
    'casa-monarca': 2, 'migrant-forum-in-asia': 0, 'rapha-international': 1, 'someone-else': 1,
  });
  assert.equal(s.comments_not_addressed, 1);
  assert.equal(s.participation_sentence,
    'Thirty-seven non-governmental organizations (NGOs) and seven other relevant stakeholders ' +
    '(five from academia and two from the private sector) participated in the constructive dialogue.');
});

test('stats defaults to the current event; an unknown event is 404', async () => {
  const r = await adminGet(srv.url, 'api/v1/stats', TOKEN);
  assert.equal(r.status, 200);
  assert.equal(JSON.parse(r.text).event, DEFAULT_EVENT_ID);
  assert.equal((await adminGet(srv.url, 'api/v1/stats?event=nope', TOKEN)).status, 404);
});

test('the participation sentence: singular, no NGOs, figures from 10, series, large numbers, none', async () => {
  const orgs = (ev, category, n, prefix = category) =>
    Array.from({ length: n }, (_, i) => newRegistration({ event: ev, category, organization: `${prefix} ${i}` }));
  await upload(orgs('cd-one', 'ngo', 1));
  await upload([...orgs('cd-academics', 'academia', 12), ...orgs('cd-academics', 'private_sector', 3)]);
  await upload([...orgs('meeting-21', 'ngo', 21), ...orgs('meeting-21', 'other', 1)]);
  await upload([...orgs('cd-series', 'ngo', 2), ...orgs('cd-series', 'academia', 4), ...orgs('cd-series', 'private_sector', 3),
    ...orgs('cd-series', 'other', 3), newRegistration({ event: 'cd-series', category: 'other', organization: 'OTHER 2' })]);
  const want = {
    // cd-one also holds the 'Elsewhere' and 'Filter Test Org' NGOs of earlier tests.
    'cd-one': 'Three non-governmental organizations (NGOs) participated in the constructive dialogue.',
    'cd-academics': 'Fifteen relevant stakeholders (12 from academia and 3 from the private sector) participated in the constructive dialogue.',
    'meeting-21': 'Twenty-one non-governmental organizations (NGOs) and one other relevant stakeholder (one from other sectors) participated in the meeting.',
    'cd-series': 'Two non-governmental organizations (NGOs) and 10 other relevant stakeholders (4 from academia, 3 from the private sector and 3 from other sectors) participated in the constructive dialogue.',
    'cd-empty': 'No non-governmental organizations or other relevant stakeholders have registered for the constructive dialogue yet.',
  };
  for (const [ev, sentence] of Object.entries(want)) {
    const s = JSON.parse((await adminGet(srv.url, `api/v1/stats?event=${ev}`, TOKEN)).text);
    assert.equal(s.participation_sentence, sentence, ev);
  }
  // Singular forms: one NGO, on a fresh event of its own.
  await upload(orgs('cd-empty', 'ngo', 1));
  let s = JSON.parse((await adminGet(srv.url, 'api/v1/stats?event=cd-empty', TOKEN)).text);
  assert.equal(s.participation_sentence, 'One non-governmental organization (NGO) participated in the constructive dialogue.');
  // Large numbers in words at the start of the sentence (British "and").
  await upload(orgs('cd-many', 'ngo', 86, 'More NGOs'));
  s = JSON.parse((await adminGet(srv.url, 'api/v1/stats?event=cd-many', TOKEN)).text);
  assert.equal(s.participation_sentence,
    'One hundred and twenty-three non-governmental organizations (NGOs) and seven other relevant stakeholders ' +
    '(five from academia and two from the private sector) participated in the constructive dialogue.');
});
