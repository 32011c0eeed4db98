// reference.test.mjs — what became of a comment, by its receipt's reference
// (docs/interface.md, "References"): received, published (with a link to its place on the
// published page, which has that anchor), withheld (with the reason), unknown, malformed; the
// same as a plain page in the visitor's language, with no script; nothing else of the comment
// is ever shown; look-ups are limited per client address (429 with Retry-After).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';

import { DEFAULT_EVENT_ID, ndjson, newComment, newRegistration, postRecords, startParleyd } from '../lib/parleyd.mjs';
import { call, dataDirWith, setPublication, signIn } from './staff.mjs';

// The receipt's code of an id: its first 40 bits in Crockford's base32 (core/record.c).
const reference = (id) => {
  const hex = id.slice(0, 8) + id.slice(9, 11);
  let bits = BigInt('0x' + hex), out = '';
  const a = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  for (let i = 7; i >= 0; i--) { out = a[Number(bits & 31n)] + out; bits >>= 5n; }
  return out.slice(0, 4) + '-' + out.slice(4);
};

let dir, srv, mod;
const who = newRegistration({ name: 'NAME-MUST-NOT-APPEAR', organization: 'ORG-MUST-NOT-APPEAR', publish_consent: true });
const published = newComment(who, { text: 'PUBLISHED-TEXT-NOT-ON-THE-REFERENCE-PAGE' });
const withheld = newComment(who, { text: 'WITHHELD-TEXT-MUST-NOT-APPEAR' });
const pending = newComment(who, { text: 'PENDING-TEXT-MUST-NOT-APPEAR' });

before(async () => {
  dir = await dataDirWith([['mod', 'moderator']]);
  srv = await startParleyd({ dataDir: dir });
  mod = await signIn(srv.url, 'mod');
  const r = await postRecords(srv.url, ndjson([who, published, withheld, pending]));
  assert.equal(r.status, 200, r.text);
  assert.equal((await setPublication(srv.url, mod, published.id, { state: 'published', version: 0 })).status, 200);
  assert.equal((await setPublication(srv.url, mod, withheld.id, { state: 'withheld', reason: 'off_topic', version: 0 })).status, 200);
});

after(async () => {
  const code = await srv?.stop();
  await rm(dir, { recursive: true, force: true });
  assert.equal(code, 0);
  assert.doesNotMatch(srv.stderr(), /AddressSanitizer|runtime error|LeakSanitizer/);
});

const api = (ref, headers = {}) => call(srv.url, `api/v1/reference/${encodeURIComponent(ref)}`, { headers });
const noPrivate = (text) => {
  for (const s of ['MUST-NOT-APPEAR', 'PUBLISHED-TEXT', published.id, withheld.id, pending.id]) assert.ok(!text.includes(s), `${s} leaked`);
};

test('each state as JSON, by the reference however it was typed', async () => {
  const p = await api(reference(published.id));
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.state, 'published');
  assert.equal(p.json.reference, reference(published.id));
  assert.match(p.json.received, /^\d{4}-\d{2}-\d{2}T/);
  assert.equal(p.json.published_url, `/published/${DEFAULT_EVENT_ID}#c-${reference(published.id)}`);
  const w = await api(reference(withheld.id).toLowerCase().replace('-', ''));
  assert.equal(w.json.state, 'withheld');
  assert.equal(w.json.reason, 'off_topic');
  assert.equal(w.json.published_url, undefined);
  const q = await api(reference(pending.id).replace('0', 'O'));
  assert.equal(q.status, 200);
  assert.equal(q.json.state, 'received');
  for (const r of [p, w, q]) noPrivate(r.text);
  // the published page has the anchor the link names
  const pageHtml = (await call(srv.url, `published/${DEFAULT_EVENT_ID}`)).text;
  assert.match(pageHtml, new RegExp(`<article id="c-${reference(published.id)}"`));
});

test('unknown and malformed references are clear errors', async () => {
  const known = new Set([who, published, withheld, pending].map((r) => reference(r.id)));
  let unknown = '0000-0000';
  if (known.has(unknown)) unknown = 'ZZZZ-ZZZZ';
  const u = await api(unknown);
  assert.equal(u.status, 404);
  assert.match(u.json.error, /no comment/);
  for (const bad of ['ABC', 'ABCD-EFGHJ', 'ABCD-EFGU', '<script>']) {
    const b = await api(bad);
    assert.equal(b.status, 400, bad);
    assert.match(b.json.error, /eight letters and digits/);
  }
  // a registration's id does not name a comment
  assert.equal((await api(reference(who.id))).status, 404);
});

test('the plain page: the state in the visitor language, no script, nothing private', async () => {
  const en = await call(srv.url, `r/${reference(published.id)}`);
  assert.equal(en.status, 200);
  assert.equal(en.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.doesNotMatch(en.text, /<script/i);
  assert.match(en.text, /<html lang="en" dir="ltr">/);
  assert.match(en.text, /Received by the secretariat on \d+ \w+ \d{4} and published\./);
  assert.match(en.text, new RegExp(`href="/published/${DEFAULT_EVENT_ID}#c-${reference(published.id)}"`));
  noPrivate(en.text);
  const ar = await call(srv.url, `r/${reference(withheld.id)}?lang=ar`);
  assert.match(ar.text, /<html lang="ar" dir="rtl">/);
  assert.match(ar.text, /لم يُنشر/);
  noPrivate(ar.text);
  const fr = await call(srv.url, `r/?ref=${reference(pending.id).toLowerCase()}&lang=fr`);
  assert.match(fr.text, /Reçu par le secrétariat le .* ; pas encore publié\./);
  assert.equal((await call(srv.url, 'r/NOPE')).status, 400);
  const form = await call(srv.url, 'r/');
  assert.equal(form.status, 200);
  assert.match(form.text, /<form action="\/r\/" method="get">/);
});

test('look-ups are limited per address', async () => {
  let limited = null;
  for (let i = 0; i < 40 && !limited; i++) {
    const r = await api('0000-0001');
    if (r.status === 429) limited = r;
  }
  assert.ok(limited, 'no 429 within 40 look-ups');
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  assert.match(limited.json.error, /too many/);
});
