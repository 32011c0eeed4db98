// summary.test.mjs — the Chair's summary draft (docs/chair-api.md): generated in the shape of the
// seed document from registrations and comments (the participation sentence, one section per
// agenda item, comments to each panellist, the others by category with their counts, exact
// quotations only of published or consenting comments, references per paragraph, a coverage
// line); saved with versions (409 when stale), kept over a restart, bad drafts refused with
// nothing changed; a regenerated draft keeps the Chair's edits and marks what is new; the
// .html export and the .docx export, read back with Debian's python3-docx.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { DEFAULT_EVENT_ID, ndjson, newComment, newRegistration, postRecords, startParleyd } from '../lib/parleyd.mjs';
import { call, dataDirWith, setPublication, signIn } from './staff.mjs';

const EV = DEFAULT_EVENT_ID;
let dir;
let srv;
let mod;
let chair;

const ngo1 = newRegistration({ name: 'Ana', organization: 'Casa Monarca', category: 'ngo', publish_consent: true });
const ngo2 = newRegistration({ name: 'Noor', organization: 'Blue Sky', category: 'ngo', publish_consent: false });
const ngo3 = newRegistration({ name: 'Olu', organization: 'Third NGO', category: 'ngo', publish_consent: false });
const acad = newRegistration({ name: 'Ben', organization: 'Uni of Vienna', category: 'academia', publish_consent: false });
const item = 'panel-cluster-1';
const c = {
  toCasa: newComment(ngo1, { agenda_item: item, addressed_to: 'casa-monarca', text: 'How are shelters funded?' }),
  ngoQuoted: newComment(ngo1, { agenda_item: item, text: 'Training for judges is needed' }),
  ngoPublished: newComment(ngo2, { agenda_item: item, text: 'Victims must not be criminalized.' }),
  ngoPrivate: newComment(ngo3, { agenda_item: item, text: 'PRIVATE-TEXT never quoted' }),
  withheld: newComment(ngo1, { agenda_item: item, text: 'WITHHELD-TEXT never shown' }),
  acadInputs: newComment(acad, { agenda_item: 'inputs', text: 'ACADEMIA-PRIVATE data collection' }),
};

const get = (who = chair, ev = EV) => call(srv.url, `api/v1/summary?event=${ev}`, { cookie: who?.cookie });
const put = (body, who = chair) => call(srv.url, `api/v1/summary?event=${EV}`, { method: 'PUT', body, cookie: who.cookie, csrf: who.csrf });
const section = (v, id) => v.sections.find((s) => s.id === id);
const para = (v, id, key) => section(v, id).paragraphs.find((p) => p.key === key);
const ref = (comment) => {
  // the receipt code: the first 40 bits of the id in Crockford base32
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bits = BigInt(`0x${comment.id.replace(/-/g, '').slice(0, 10)}`);
  let s = '';
  for (let i = 7; i >= 0; i--) s += alphabet[Number((bits >> BigInt(i * 5)) & 31n)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
};

async function start() {
  srv = await startParleyd({ dataDir: dir });
  mod = await signIn(srv.url, 'mod');
  chair = await signIn(srv.url, 'chair');
}

before(async () => {
  dir = await dataDirWith([['mod', 'moderator'], ['chair', 'chair']]);
  await start();
  const r = await postRecords(srv.url, ndjson([ngo1, ngo2, ngo3, acad, ...Object.values(c)]));
  assert.equal(r.status, 200, r.text);
  assert.equal((await setPublication(srv.url, mod, c.ngoPublished.id, { state: 'published', version: 0 })).status, 200);
  assert.equal((await setPublication(srv.url, mod, c.withheld.id, { state: 'withheld', reason: 'off_topic', version: 0 })).status, 200);
});

after(async () => {
  const code = await srv?.stop();
  await rm(dir, { recursive: true, force: true });
  assert.equal(code, 0);
  assert.doesNotMatch(srv.stderr(), /AddressSanitizer|runtime error|LeakSanitizer/);
});

test('the summary is the chair\'s: 401 without a session, 403 for a moderator, 404 for an unknown event', async () => {
  assert.equal((await get(null)).status, 401);
  assert.equal((await get(mod)).status, 403);
  assert.equal((await get(chair, 'no-such-event')).status, 404);
  for (const path of ['api/v1/summary.html', 'api/v1/summary.docx']) {
    assert.equal((await call(srv.url, path)).status, 401);
    assert.equal((await call(srv.url, path, { cookie: mod.cookie })).status, 403);
  }
});

test('the generated draft: the participation sentence, one numbered section per agenda item, counts, quotations and references', async () => {
  const r = await get();
  assert.equal(r.status, 200, r.text);
  const v = r.json;
  assert.equal(v.version, 0);
  assert.equal(v.subtitle, 'Summary by the Chair');
  assert.deepEqual(v.sections.map((s) => [s.number, s.id]), [
    ['I', 'intro'], ['II', 'opening'], ['III', 'briefing'], ['IV', 'panel-cluster-1'], ['V', 'inputs'], ['VI', 'closing'],
  ]);
  assert.equal(section(v, 'intro').title, 'Introduction');
  assert.equal(para(v, 'intro', 'participation').text,
    'Three non-governmental organizations (NGOs) and one other relevant stakeholder (one from academia) participated in the constructive dialogue.');
  assert.equal(para(v, 'intro', 'comments').text, 'Five written comments were received under two agenda items.');
  // Paragraph numbers run through the whole draft.
  assert.deepEqual(v.sections.flatMap((s) => s.paragraphs.map((p) => p.number)), v.sections.flatMap((s) => s.paragraphs).map((_, i) => i + 1));
  assert.equal(para(v, item, 'panel').text,
    'Three panellists took part under agenda item 3: Representative of Casa Monarca, Representative of Migrant Forum in Asia and Representative of Rapha International.');
  const toCasa = para(v, item, 'panellist:casa-monarca');
  assert.equal(toCasa.text, 'One question or comment was addressed to the panellist from Casa Monarca: \u201cHow are shelters funded?\u201d');
  assert.deepEqual(toCasa.references, [ref(c.toCasa)]);
  // Three NGO comments under the item (not the withheld one): two may be quoted.
  const ngo = para(v, item, 'category:ngo');
  assert.equal(ngo.text, 'Three comments from non-governmental organizations were received under agenda item 3, including: \u201cTraining for judges is needed\u201d; \u201cVictims must not be criminalized.\u201d');
  assert.deepEqual(ngo.references, [ref(c.ngoQuoted), ref(c.ngoPublished), ref(c.ngoPrivate)]);
  assert.equal(para(v, item, 'coverage').text, 'No comments were received under agenda item 3 from academia, the private sector or other relevant stakeholders.');
  assert.equal(para(v, 'inputs', 'category:academia').text, 'One comment from academia was received under agenda item 4.');
  assert.equal(para(v, 'opening', 'coverage').text, 'No written comments were received under agenda item 1.');
  assert.equal(para(v, 'closing', 'coverage').text, 'No written comments were received under this agenda item.');
  const all = JSON.stringify(v);
  for (const hidden of ['PRIVATE-TEXT', 'WITHHELD-TEXT', 'ACADEMIA-PRIVATE', ref(c.withheld)]) assert.ok(!all.includes(hidden), hidden);
  assert.ok(v.sections.every((s) => s.paragraphs.every((p) => p.new === false)));
});

test('the chair saves an edited draft (reordered, rewritten, removed); 409 when stale; a regenerated draft keeps the edits and marks what is new', async () => {
  const v = (await get()).json;
  const panel = section(v, item);
  const [panelIntro, toCasa, ngo, coverage] = panel.paragraphs;
  panel.paragraphs = [ngo, { ...toCasa, text: 'The panellist from Casa Monarca was asked how shelters are funded.' }, panelIntro];
  assert.ok(coverage);
  v.sections = [section(v, 'intro'), panel, section(v, 'inputs')];
  const saved = await put(v);
  assert.equal(saved.status, 200, saved.text);
  assert.equal(saved.json.version, 1);
  assert.equal(saved.json.saved_by, 'chair');
  assert.deepEqual(saved.json.sections.map((s) => s.id), ['intro', item, 'inputs']);
  assert.deepEqual(section(saved.json, item).paragraphs.map((p) => p.key), ['category:ngo', 'panellist:casa-monarca', 'panel']);
  assert.equal(section(saved.json, item).paragraphs[1].text, 'The panellist from Casa Monarca was asked how shelters are funded.');
  const stale = await put({ ...v, version: 0 });
  assert.equal(stale.status, 409);
  assert.equal(stale.json.version, 1);
  // A new comment arrives: the saved draft stays as it was, and the paragraph drawing on it
  // is offered at the end of its section, marked new with the new reference.
  const late = newComment(acad, { agenda_item: item, addressed_to: 'rapha-international', text: 'A late question.' });
  assert.equal((await postRecords(srv.url, ndjson([late]))).status, 200);
  const after = (await get()).json;
  assert.equal(after.version, 1);
  const ps = section(after, item).paragraphs;
  assert.deepEqual(ps.map((p) => [p.key, p.new]), [['category:ngo', false], ['panellist:casa-monarca', false], ['panel', false], ['panellist:rapha-international', true]]);
  assert.deepEqual(ps[3].new_references, [ref(late)]);
  assert.equal(ps[1].text, 'The panellist from Casa Monarca was asked how shelters are funded.');
  assert.equal(section(after, 'opening'), undefined, 'a removed section stays removed while nothing new comes for it');
  // Saving it takes the new paragraph in; then nothing is new.
  const again = await put(after);
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.version, 2);
  assert.ok(again.json.sections.every((s) => s.paragraphs.every((p) => p.new === false)));
  assert.equal(section(again.json, item).paragraphs.length, 4);
});

test('bad drafts are clear errors and change nothing', async () => {
  const v = (await get()).json;
  const bad = (f) => { const d = structuredClone(v); f(d); return d; };
  const cases = [
    [bad((d) => { d.sections[0].paragraphs[0].references = ['ZZZZ-ZZZZ']; }), /ZZZZ-ZZZZ is not a comment of this event/],
    [bad((d) => { d.sections[0].paragraphs[0].references = ['not a ref']; }), /receipt references/],
    [bad((d) => { d.sections[0].paragraphs[0].references = [ref(c.withheld).toLowerCase()]; }), /receipt references/],
    [bad((d) => { d.sections[0].paragraphs[0].text = ''; }), /text/],
    [bad((d) => { d.sections[0].paragraphs[0].text = 'x'.repeat(8001); }), /text/],
    [bad((d) => { d.sections[0].paragraphs[0].text = 'bell\u0007'; }), /text/],
    [bad((d) => { d.sections[0].id = 'no-such-item'; }), /sections\[\]\.id/],
    [bad((d) => { d.sections.push(structuredClone(d.sections[0])); }), /each section once/],
    [bad((d) => { d.sections[0].title = 'two\nlines'; }), /title/],
    [bad((d) => { d.through = d.through + 1000; }), /through/],
    [bad((d) => { delete d.version; }), /version/],
    [bad((d) => { d.sections = 'none'; }), /sections/],
  ];
  for (const [body, msg] of cases) {
    const r = await put(body);
    assert.equal(r.status, 400, JSON.stringify(body).slice(0, 200));
    assert.match(r.json.error, msg);
  }
  const huge = bad((d) => { d.sections[0].paragraphs[0].text = 'y'.repeat(600 * 1024); });
  assert.equal((await put(huge)).status, 413);
  assert.equal((await put(v, mod)).status, 403);
  assert.deepEqual((await get()).json, v, 'nothing changed');
});

test('a restart keeps the saved draft', async () => {
  const before = (await get()).json;
  assert.equal(await srv.stop(), 0);
  await start();
  assert.deepEqual((await get()).json, before);
});

test('the HTML export: the title, numbered sections and paragraphs with their references', async () => {
  const r = await call(srv.url, `api/v1/summary.html?event=${EV}`, { cookie: chair.cookie });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.match(r.headers.get('content-disposition'), /summary\.html/);
  assert.match(r.text, /<h1>Constructive dialogue on the review process/);
  assert.match(r.text, /<h2>I\. Introduction<\/h2>/);
  assert.match(r.text, /<p id="p1">1\. Three non-governmental organizations \(NGOs\) and one other relevant stakeholder/);
  assert.ok(r.text.includes(`[${ref(c.ngoQuoted)}; ${ref(c.ngoPublished)}; ${ref(c.ngoPrivate)}]`));
  assert.ok(r.text.includes('The panellist from Casa Monarca was asked how shelters are funded.'));
});

test('the .docx export opens in python3-docx: headings, numbered paragraphs, the participation sentence and the references', async () => {
  const res = await fetch(`${srv.url}api/v1/summary.docx?event=${EV}`, { headers: { cookie: chair.cookie } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  const file = join(dir, 'summary.docx');
  await writeFile(file, Buffer.from(await res.arrayBuffer()));
  const script = [
    'import docx, json, sys',
    'd = docx.Document(sys.argv[1])',
    'ps = []',
    'for p in d.paragraphs:',
    '    pr = p._p.pPr',
    '    num = pr.numPr if pr is not None else None',
    '    ps.append({"style": p.style.name, "text": p.text, "numId": None if num is None else int(num.numId.val), "ilvl": None if num is None else int(num.ilvl.val)})',
    'numbering = d.part.numbering_part.element.xml',
    'print(json.dumps({"paragraphs": ps, "decimal": "w:numFmt w:val=\\"decimal\\"" in numbering, "lvlText": "w:lvlText w:val=\\"%1.\\"" in numbering, "footnotes": any("footnotes" in r.reltype for r in d.part.rels.values())}))',
  ].join('\n');
  const out = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' }));
  const ps = out.paragraphs;
  assert.equal(ps[0].style, 'Title');
  assert.match(ps[0].text, /^Constructive dialogue on the review process/);
  assert.deepEqual(ps[1], { style: 'Subtitle', text: 'Summary by the Chair', numId: null, ilvl: null });
  assert.deepEqual(ps.filter((p) => p.style === 'Heading 1').map((p) => p.text), [
    'I. Introduction',
    'II. Panel discussion on the review of the criminalization and jurisdiction provisions of Cluster 1',
    'III. Collection of inputs and suggestions from participants, and information on relevant activities, including technical assistance needs',
  ]);
  const body = ps.filter((p) => p.style === 'List Number');
  const draft = (await get()).json;
  assert.equal(body.length, draft.sections.flatMap((s) => s.paragraphs).length, 'one numbered paragraph per paragraph of the draft');
  assert.ok(body.every((p) => p.numId === 1 && p.ilvl === 0), 'every paragraph is in the one decimal list');
  assert.ok(out.decimal && out.lvlText, 'numbered "1.", "2.", ...');
  assert.equal(out.footnotes, false);
  assert.equal(body[0].text, 'Three non-governmental organizations (NGOs) and one other relevant stakeholder (one from academia) participated in the constructive dialogue.');
  const ngo = body.find((p) => p.text.startsWith('Three comments from non-governmental organizations'));
  assert.ok(ngo.text.endsWith(`[${ref(c.ngoQuoted)}; ${ref(c.ngoPublished)}; ${ref(c.ngoPrivate)}]`), ngo.text);
});
