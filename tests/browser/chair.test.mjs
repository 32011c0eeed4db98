// chair.test.mjs — the Chair's tools in Chromium against a real parleyd: the Chair sets the item
// in progress in the console and a kiosk in another browser context shows it within 5 s, its
// polls revalidated with 304s; the kiosk's composer opens on it; a participant requests the
// floor addressed to a panellist, the Chair gives it and marks it done, the participant sees
// each turn; offline the kiosk keeps the item and its button says it needs the network; the
// Chair records an objection with its State party and approves a registration; the summary of
// the default event after scripted registrations and comments has the expected sentence,
// sections and references, and the Chair edits it in the console (rewritten, moved, removed,
// saved, kept over a reload, what is new marked). Screenshots (English, Arabic) under build/screenshots/.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';

import { ndjson, newComment, newRegistration, postRecords, startParleyd } from '../lib/parleyd.mjs';
import { waitForFirstFrame, nextFrame } from '../lib/browser.mjs';
import { openDrawn, signInConsole, staffSuite, unexpected } from '../lib/console.mjs';
import { call, dataDirWith, signIn } from '../server/staff.mjs';

const OUT = 'build/screenshots';
const SHOWN_MS = 5000;
const PANEL = /^3\. Panel discussion on the review of the criminalization/;
const suite = staffSuite([['chair', 'chair'], ['mod', 'moderator']]);
before(() => mkdirSync(OUT, { recursive: true }));

// An agenda card on the participant's screens: a list item holding the button named by the item.
// A row of the console's lists (meeting, registrations): the list item with this text.
const row = (page, ...texts) => texts.reduce((l, t) => l.filter({ hasText: t }), page.getByRole('listitem'));
const agendaCard = (page) => page.getByRole('listitem').filter({ has: page.getByRole('button', { name: PANEL }) }).last();

async function registerAtKiosk(kiosk, name, organization) {
  await kiosk.getByRole('button', { name: 'Start' }).click();
  await kiosk.getByRole('textbox', { name: 'Full name *' }).fill(name);
  await kiosk.getByRole('textbox', { name: 'Organization *' }).fill(organization);
  await kiosk.keyboard.press('Escape'); // closes the on-screen keyboard, which covers the buttons
  await kiosk.getByRole('radio', { name: 'Non-governmental organization' }).click();
  await kiosk.getByRole('checkbox', { name: /may appear with my published comments/ }).click();
  await kiosk.getByRole('button', { name: 'Continue' }).click();
  await kiosk.getByRole('heading', { name: 'Agenda' }).waitFor();
}

const accessLines = (path, status) => suite.server.stderr().split('\n')
  .filter((l) => l.startsWith('access ') && l.includes(` GET ${path} ${status} `)).length;

test('the Chair sets the item in progress; a kiosk elsewhere shows it within 5 s; the floor is asked for, given and done', async () => {
  const chairCtx = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  const kioskCtx = await suite.browser.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'en-GB' });
  try {
    const { page: kiosk, errors: kioskErrors } = await openDrawn(kioskCtx, `${suite.server.url}?mode=kiosk`);
    await registerAtKiosk(kiosk, 'Ana María Gómez', 'Casa Monarca');
    const { page: con, errors: conErrors } = await openDrawn(chairCtx, `${suite.server.url}?mode=console`);
    await signInConsole(con, 'chair');
    await con.getByRole('button', { name: 'Meeting' }).click();
    await con.getByRole('heading', { name: 'No item is in progress.' }).waitFor();

    // the Chair sets item 3; the kiosk, polling, shows it within 5 s
    const before304 = accessLines('/api/v1/event', 304);
    await row(con, PANEL).getByRole('button', { name: 'Set in progress' }).click();
    const t0 = performance.now();
    await con.getByRole('heading', { name: /^In progress: 3\. Panel discussion/ }).waitFor();
    await kiosk.getByText(/^In progress since \d\d:\d\d$/).waitFor({ timeout: SHOWN_MS + 2000 });
    const lag = performance.now() - t0;
    console.log(`chair: the kiosk showed the item in progress ${lag.toFixed(0)} ms after the Chair set it`);
    assert.ok(lag <= SHOWN_MS, `shown after ${lag.toFixed(0)} ms`);
    assert.equal(await agendaCard(kiosk).getAttribute('aria-current'), 'true');
    // unchanged, a poll is one 304 without a body
    await kiosk.waitForTimeout(9000);
    const polls = accessLines('/api/v1/event', 304) - before304;
    console.log(`chair: ${polls} polls answered 304 in 9 s`);
    assert.ok(polls >= 1, 'the polls are revalidations');
    await nextFrame(kiosk);
    await kiosk.screenshot({ path: `${OUT}/chair-kiosk-agenda-1080x1920.png` });

    // the composer opens on the item in progress
    await kiosk.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Comment' }).click();
    assert.equal(await kiosk.getByRole('radio', { name: PANEL }).getAttribute('aria-checked'), 'true');

    // the floor, addressed to a panellist
    await kiosk.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Agenda' }).click();
    await kiosk.getByRole('button', { name: PANEL }).click();
    await kiosk.getByRole('radio', { name: 'Representative of Casa Monarca' }).click();
    await kiosk.getByRole('button', { name: 'Request the floor' }).click();
    await kiosk.getByRole('status').filter({ hasText: 'You are number 1 in the queue.' }).waitFor();
    await nextFrame(kiosk);
    await kiosk.screenshot({ path: `${OUT}/chair-kiosk-floor-1080x1920.png` });

    // the Chair's queue has her, with her organisation; the Chair gives her the floor
    const req = row(con, 'Ana María Gómez', 'Waiting, number 1');
    await req.waitFor({ timeout: 10000 });
    assert.match(await req.textContent(), /Casa Monarca · Non-governmental organization/);
    assert.match(await req.textContent(), /To: Representative of Casa Monarca/);
    await nextFrame(con);
    await con.screenshot({ path: `${OUT}/chair-console-meeting-1280x800.png` });
    await req.getByRole('button', { name: 'Give the floor' }).click();
    await row(con, 'Ana María Gómez', 'Speaking').waitFor();
    await kiosk.getByRole('status').filter({ hasText: 'You have the floor.' }).waitFor({ timeout: SHOWN_MS + 2000 });
    await row(con, 'Ana María Gómez', 'Speaking').getByRole('button', { name: 'Done' }).click();
    await kiosk.getByRole('status').filter({ hasText: 'Your turn is over.' }).waitFor({ timeout: SHOWN_MS + 2000 });

    // offline: the item stays, the agenda says as of when, the button says it needs the network
    await kioskCtx.setOffline(true);
    await kiosk.getByRole('button', { name: 'Request the floor (needs the network)' }).waitFor();
    await kiosk.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Agenda' }).click();
    await kiosk.getByText(/^Offline: the item in progress as last seen at \d\d:\d\d$/).waitFor();
    assert.equal(await agendaCard(kiosk).getAttribute('aria-current'), 'true');
    await kioskCtx.setOffline(false);
    assert.deepEqual(unexpected(kioskErrors), []);
    assert.deepEqual(unexpected(conErrors), []);
  } finally {
    await chairCtx.close();
    await kioskCtx.close();
  }
});

test('registrations: an objection with its State party, an approval; the console in Arabic', async () => {
  const a = newRegistration({ name: 'Karim Haddad', organization: 'Alpha NGO', category: 'ngo', country: 'LB' });
  const b = newRegistration({ name: 'Li Wei', organization: 'Beta University', category: 'academia', country: 'CN' });
  assert.equal((await postRecords(suite.server.url, ndjson([a, b]))).status, 200);
  const ctx = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  try {
    const { page, errors } = await openDrawn(ctx, `${suite.server.url}?mode=console`);
    await signInConsole(page, 'chair');
    await page.getByRole('button', { name: 'Registrations' }).click();
    const karim = row(page, 'Karim Haddad', 'Not decided');
    await karim.waitFor();
    // an objection needs the State party
    await karim.getByRole('button', { name: 'Record an objection' }).click();
    await page.getByRole('alert').filter({ hasText: 'Name the State party that objected.' }).waitFor();
    await page.getByRole('textbox', { name: 'Objecting State party' }).fill('State party X');
    await page.keyboard.press('Escape');
    await karim.getByRole('button', { name: 'Record an objection' }).click();
    await row(page, 'Karim Haddad', 'Objection by State party X').waitFor();
    await row(page, 'Li Wei', 'Not decided').getByRole('button', { name: 'Approve' }).click();
    await row(page, 'Li Wei', 'Approved').waitFor();
    const chair = await signIn(suite.server.url, 'chair');
    const log = await call(suite.server.url, 'api/v1/registration-log', { cookie: chair.cookie });
    assert.deepEqual(log.json.entries.map((e) => [e.registration, e.to, e.party]), [[a.id, 'objected', 'State party X'], [b.id, 'approved', null]]);
    await nextFrame(page);
    await page.screenshot({ path: `${OUT}/chair-console-registrations-1280x800.png` });
    assert.deepEqual(unexpected(errors), []);

    // the same screens in Arabic, mirrored
    const { page: ar } = await openDrawn(ctx, `${suite.server.url}?mode=console&lang=ar`);
    await ar.getByRole('button', { name: 'التسجيلات' }).click();
    await row(ar, 'Karim Haddad', 'اعتراض من State party X').waitFor();
    await nextFrame(ar);
    await ar.screenshot({ path: `${OUT}/chair-console-registrations-ar-1280x800.png` });
    await ar.getByRole('button', { name: 'الاجتماع' }).click();
    await ar.getByRole('heading', { name: /^الجاري الآن: / }).waitFor();
    await nextFrame(ar);
    await ar.screenshot({ path: `${OUT}/chair-console-meeting-ar-1280x800.png` });
  } finally {
    await ctx.close();
  }
});

test('the summary of the default event after scripted registrations and comments', async () => {
  // a server of its own: its sentence counts only these registrations
  const own = await dataDirWith([['chair', 'chair']]);
  const srv = await startParleyd({ dataDir: own });
  const ctx = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  try {
    const ngo = newRegistration({ name: 'Rosa', organization: 'Migrants First', category: 'ngo', publish_consent: true });
    const acad = newRegistration({ name: 'Tomás', organization: 'Universidad Central', category: 'academia', publish_consent: false });
    const pending = newRegistration({ name: 'Sam', organization: 'Not Yet Approved', category: 'ngo' });
    const quoted = newComment(ngo, { agenda_item: 'panel-cluster-1', addressed_to: 'migrant-forum-in-asia', text: 'How can the cost of legal documents be reduced?' });
    const counted = newComment(acad, { agenda_item: 'inputs', text: 'NOT-QUOTED data collection matters.' });
    assert.equal((await postRecords(srv.url, ndjson([ngo, acad, pending, quoted, counted]))).status, 200);
    const chair = await signIn(srv.url, 'chair');
    for (const reg of [ngo, acad]) {
      const r = await call(srv.url, `api/v1/registrations/${reg.id}/status`, { method: 'POST', body: { status: 'approved', version: 0 }, cookie: chair.cookie, csrf: chair.csrf });
      assert.equal(r.status, 200, r.text);
    }
    const page = await ctx.newPage();
    await page.goto(`${srv.url}?mode=console`);
    await waitForFirstFrame(page);
    await signInConsole(page, 'chair');
    // the page's own session fetches the draft, as the console's requests do
    const draft = await page.evaluate(async () => (await fetch('api/v1/summary')).json());
    const section = (id) => draft.sections.find((s) => s.id === id);
    assert.deepEqual(draft.sections.map((s) => `${s.number}. ${s.title}`), [
      'I. Introduction', 'II. Opening', 'III. Briefing on the developments and outcomes of the review process',
      'IV. Panel discussion on the review of the criminalization and jurisdiction provisions of Cluster 1',
      'V. Collection of inputs and suggestions from participants, and information on relevant activities, including technical assistance needs',
      'VI. Closing',
    ]);
    assert.equal(section('intro').paragraphs[0].text,
      'One non-governmental organization (NGO) and one other relevant stakeholder (one from academia) participated in the constructive dialogue.');
    const toForum = section('panel-cluster-1').paragraphs.find((p) => p.key === 'panellist:migrant-forum-in-asia');
    assert.equal(toForum.text, 'One question or comment was addressed to the panellist from Migrant Forum in Asia: \u201cHow can the cost of legal documents be reduced?\u201d');
    const refs = await call(srv.url, `api/v1/comments?q=${encodeURIComponent('legal documents')}`, { cookie: chair.cookie });
    assert.deepEqual(toForum.references, [refs.json.comments[0].reference]);
    const academia = section('inputs').paragraphs.find((p) => p.key === 'category:academia');
    assert.equal(academia.text, 'One comment from academia was received under agenda item 4.');
    assert.equal(academia.references.length, 1);
    assert.ok(!JSON.stringify(draft).includes('NOT-QUOTED'), 'a comment without consent or publication is counted, never quoted');
    const docx = await page.evaluate(async () => (await fetch('api/v1/summary.docx')).headers.get('content-type'));
    assert.equal(docx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');

    // the Chair edits it in the console: rewrites, moves and removes paragraphs, saves
    await page.getByRole('button', { name: 'Summary' }).click();
    const intro = page.getByRole('list', { name: 'I. Introduction' });
    await intro.getByRole('listitem').first().waitFor();
    await intro.getByRole('listitem').first().getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('textbox', { name: 'Paragraph 1' }).fill('Representatives of two approved organizations took part.');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Keep this text' }).click();
    await page.getByText('1. Representatives of two approved organizations took part.').waitFor();
    await intro.getByRole('listitem').first().getByRole('button', { name: 'Move down' }).click();
    await page.getByText('2. Representatives of two approved organizations took part.').waitFor();
    const opening = page.getByRole('list', { name: 'II. Opening' });
    await opening.getByRole('listitem').first().getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('status').filter({ hasText: 'Changes not saved yet' }).waitFor();
    await nextFrame(page);
    await page.screenshot({ path: `${OUT}/chair-console-summary-1280x800.png` });
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.getByRole('status').filter({ hasText: 'Draft saved as version 1.' }).waitFor();
    // never lost on a reload
    await page.reload();
    await waitForFirstFrame(page);
    await page.getByRole('button', { name: 'Summary' }).click();
    await page.getByText('2. Representatives of two approved organizations took part.').waitFor();
    assert.equal(await page.getByRole('list', { name: 'II. Opening' }).getByRole('listitem').count(), 0);
    // a comment arriving after the save is offered as new; the Chair's edits stay
    const late = newComment(acad, { agenda_item: 'opening', text: 'A late remark on the opening.' });
    assert.equal((await postRecords(srv.url, ndjson([late]))).status, 200);
    await page.getByRole('button', { name: 'Reload the draft' }).click();
    await page.getByRole('list', { name: 'II. Opening' }).getByText('New since the last save').waitFor();
    await page.getByText('2. Representatives of two approved organizations took part.').waitFor();
    // the .docx opens beside the console, with the console's session
    const [asked] = await Promise.all([
      ctx.waitForEvent('request', (r) => r.url().includes('api/v1/summary.docx?event=')),
      page.getByRole('button', { name: 'Download .docx' }).click(),
    ]);
    assert.equal(asked.method(), 'GET');
    const saved = await page.evaluate(async () => (await fetch('api/v1/summary')).json());
    assert.equal(saved.version, 1);
    assert.equal(saved.sections[0].paragraphs[1].text, 'Representatives of two approved organizations took part.');
    await nextFrame(page);
    const { page: ar } = await openDrawn(ctx, `${srv.url}?mode=console&lang=ar`);
    await ar.getByRole('button', { name: 'الموجز' }).click();
    await ar.getByText('Representatives of two approved organizations took part.', { exact: false }).first().waitFor();
    await nextFrame(ar);
    await ar.screenshot({ path: `${OUT}/chair-console-summary-ar-1280x800.png` });
  } finally {
    await ctx.close();
    assert.equal(await srv.stop(), 0);
    rmSync(own, { recursive: true, force: true });
  }
});
