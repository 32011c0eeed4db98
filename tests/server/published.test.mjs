// published.test.mjs — the public page (docs/staff-api.md): published comments by agenda item in
// agenda order, withheld ones only as a line with the reason's label, pending ones absent,
// names only with consent; hostile text escaped everywhere; ETag, Last-Modified and 304;
// the JSON twin; the downloadable file with its own policy; the stylesheet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';

import { DEFAULT_EVENT_ID, ndjson, newComment, newRegistration, postRecords, startParleyd } from '../lib/parleyd.mjs';
import { call, dataDirWith, setPublication, signIn } from './staff.mjs';

let dir;
let srv;
let mod;
const consenting = newRegistration({ name: 'Grace <b>Hopper</b>', organization: 'Org "quoted" & co', publish_consent: true });
const shy = newRegistration({ name: 'Secret Person', organization: 'Hidden Org', publish_consent: false });
const HOSTILE = [
  '<script>document.title="pwned"</script>',
  '"\'><img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  'Evil \u202Eoverride\u202C text',
  'x'.repeat(4000),
];
const hostile = HOSTILE.map((text) => newComment(consenting, { text, agenda_item: 'panel-cluster-1' }));
const arabic = newComment(shy, { text: 'تعليق باللغة العربية', language: 'ar', agenda_item: 'opening' });
const withheld = newComment(shy, { text: 'WITHHELD-TEXT-MUST-NOT-APPEAR', agenda_item: 'opening' });
const pending = newComment(shy, { text: 'PENDING-TEXT-MUST-NOT-APPEAR', agenda_item: 'opening' });

before(async () => {
  dir = await dataDirWith([['mod', 'moderator']]);
  srv = await startParleyd({ dataDir: dir });
  mod = await signIn(srv.url, 'mod');
  const r = await postRecords(srv.url, ndjson([consenting, shy, ...hostile, arabic, withheld, pending]));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.rejected.length, 0, r.text);
  for (const c of [...hostile, arabic]) assert.equal((await setPublication(srv.url, mod, c.id, { state: 'published', version: 0 })).status, 200);
  assert.equal((await setPublication(srv.url, mod, withheld.id, { state: 'withheld', reason: 'personal_data', version: 0 })).status, 200);
});

after(async () => {
  const code = await srv?.stop();
  await rm(dir, { recursive: true, force: true });
  assert.equal(code, 0);
  assert.doesNotMatch(srv.stderr(), /AddressSanitizer|runtime error|LeakSanitizer/);
});

const page = (path = 'published/', headers = {}) => call(srv.url, path, { headers });

test('the page: plain HTML, agenda order, withheld as a labelled line, pending absent, consent respected', async () => {
  const r = await page();
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
  const html = r.text;
  assert.match(html, /^<!DOCTYPE html>/);
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<style/i);
  assert.doesNotMatch(html, / style=/i);
  assert.match(html, /<link rel="stylesheet" href="\/published\/published.css">/);
  // The event's title in each of its languages.
  assert.match(html, /<h1 lang="en">Constructive dialogue on the review process/);
  assert.match(html, /<p lang="fr" class="alt">Dialogue constructif/);
  // Agenda order: Opening (item 1) before the panel cluster.
  assert.ok(html.indexOf('1. Opening') < html.indexOf('panel') || html.indexOf('id="item-1"') < html.indexOf('id="item-2"'));
  assert.ok(html.indexOf('تعليق') < html.indexOf('x'.repeat(4000)), 'opening comes first');
  assert.match(html, /<article id="c-[0-9A-Z]{4}-[0-9A-Z]{4}" lang="ar" dir="rtl"><p class="text">تعليق باللغة العربية<\/p>/);
  assert.match(html, /A comment was withheld: it contained personal data\./);
  assert.doesNotMatch(html, /WITHHELD-TEXT|PENDING-TEXT/);
  assert.doesNotMatch(html, /Secret Person|Hidden Org/);
  assert.match(html, /By <bdi>Grace &lt;b&gt;Hopper&lt;\/b&gt;<\/bdi>, <bdi>Org &quot;quoted&quot; &amp; co<\/bdi>/);
  assert.match(html, /6 comments published, 1 withheld\./);
});

test('hostile text is escaped: no tag, no attribute, no link comes from a comment', async () => {
  const html = (await page()).text;
  assert.ok(html.includes('&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;'));
  assert.ok(html.includes('&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(html.includes('&lt;a href=&quot;javascript:alert(1)&quot;&gt;click&lt;/a&gt;'));
  assert.doesNotMatch(html, /<img|<a |onerror=alert\(1\)>/);
  // The bidi override stays inside its own paragraph.
  assert.ok(html.includes('<p class="text">Evil \u202Eoverride\u202C text</p>'));
  assert.ok(html.includes(`<p class="text">${'x'.repeat(4000)}</p>`));
  const css = await page('published/published.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /^text\/css/);
  assert.match(css.text, /overflow-wrap:anywhere/);
  assert.match(css.text, /@media print/);
});

test('ETag, Last-Modified and 304; a change gives a new ETag at once', async () => {
  const a = await page();
  const etag = a.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  assert.match(a.headers.get('last-modified'), /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/);
  const b = await page('published/', { 'if-none-match': etag });
  assert.equal(b.status, 304);
  assert.equal(b.text, '');
  assert.equal((await setPublication(srv.url, mod, pending.id, { state: 'published', version: 0 })).status, 200);
  const c = await page('published/', { 'if-none-match': etag });
  assert.equal(c.status, 200);
  assert.ok(c.text.includes('PENDING-TEXT-MUST-NOT-APPEAR'), 'published now');
  assert.notEqual(c.headers.get('etag'), etag);
  assert.equal((await setPublication(srv.url, mod, pending.id, { state: 'pending', version: 1 })).status, 200);
  assert.doesNotMatch((await page()).text, /PENDING-TEXT/);
});

test('by event id, the JSON twin, the download; unknown events are 404', async () => {
  const byId = await page(`published/${DEFAULT_EVENT_ID}`);
  assert.equal(byId.status, 200);
  assert.equal(byId.text, (await page()).text);
  const j = await page(`published/${DEFAULT_EVENT_ID}.json`);
  assert.equal(j.status, 200);
  assert.equal(j.json.event, DEFAULT_EVENT_ID);
  assert.equal(j.json.published, 6);
  assert.equal(j.json.withheld, 1);
  const all = j.json.items.flatMap((i) => i.comments);
  assert.equal(all.find((c) => c.state === 'withheld').label, 'it contained personal data');
  assert.equal(all.find((c) => c.state === 'withheld').text, undefined);
  assert.equal(all.find((c) => c.language === 'ar').name, null);
  assert.equal(all.filter((c) => c.text === HOSTILE[0]).length, 1);
  assert.doesNotMatch(j.text, /WITHHELD-TEXT|PENDING-TEXT|Secret Person/);
  const d = await page(`published/${DEFAULT_EVENT_ID}.html?download=1`);
  assert.equal(d.status, 200);
  assert.match(d.headers.get('content-disposition'), /^attachment; filename="written-comments.html"$/);
  assert.match(d.headers.get('content-security-policy'), /^default-src 'none'; style-src 'unsafe-inline'/);
  assert.match(d.text, /<style>\nhtml\{/);
  assert.doesNotMatch(d.text, /<link rel="stylesheet"/);
  const plain = await page(`published/${DEFAULT_EVENT_ID}.html`);
  assert.equal(plain.headers.get('content-disposition'), null);
  for (const p of ['published/no-such-event', 'published/no-such-event.json', 'published/a/b']) {
    const r = await page(p);
    assert.equal(r.status, 404, p);
    assert.ok(r.json.error);
  }
});
