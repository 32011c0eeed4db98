// staff.test.mjs — staff accounts and sessions (docs/staff-api.md): `parleyd user` (passwords on
// standard input, at least 12 characters, only Argon2id hashes stored), sign-in with the same
// 401 for an unknown name and a wrong password in similar time, the session cookie's
// attributes, roles on every endpoint, CSRF on state changes, the admin token as admin,
// lockout per account and per client address (behind a trusted proxy), idle expiry, and a
// cookie from another server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

import { ndjson, newComment, newRegistration, postRecords, startParleyd } from '../lib/parleyd.mjs';
import { PASSWORD, call, dataDirWith, signIn, userCli } from './staff.mjs';

const TOKEN = 'staff-test-admin-token-0123456789';
let dir;
let srv;

before(async () => {
  dir = await dataDirWith([['mod', 'moderator'], ['chair', 'chair'], ['boss', 'admin'], ['victim', 'moderator']]);
  srv = await startParleyd({ dataDir: dir, env: { PARLEY_ADMIN_TOKEN: TOKEN }, args: ['--trust-proxy', '127.0.0.1'] });
});

after(async () => {
  const code = await srv?.stop();
  await rm(dir, { recursive: true, force: true });
  assert.equal(code, 0);
  assert.doesNotMatch(srv.stderr(), /AddressSanitizer|runtime error|LeakSanitizer/);
  assert.doesNotMatch(srv.stderr(), new RegExp(PASSWORD));
});

// Each test signs in from its own forwarded address, so the address lockout stays its own.
let nextAddr = 10;
const from = () => ({ 'x-forwarded-for': `198.51.100.${nextAddr++}` });

test('parleyd user: add refuses short passwords and duplicates, list, passwd, remove; nothing secret printed', async () => {
  const short = await userCli(dir, ['add', 'shorty', '--role', 'moderator'], 'elevenchars\n');
  assert.equal(short.code, 1);
  assert.match(short.stderr, /too short: 11 characters, at least 12/);
  const dup = await userCli(dir, ['add', 'mod', '--role', 'moderator'], `${PASSWORD}\n`);
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /exists/);
  assert.equal((await userCli(dir, ['add', 'x', '--role', 'king'], `${PASSWORD}\n`)).code, 2);
  assert.equal((await userCli(dir, ['add', 'bad name', '--role', 'admin'], `${PASSWORD}\n`)).code, 2);
  const add = await userCli(dir, ['add', 'temp', '--role', 'chair'], `${PASSWORD}\n`);
  assert.equal(add.code, 0, add.stderr);
  assert.doesNotMatch(add.stdout + add.stderr, new RegExp(PASSWORD));
  const list = await userCli(dir, ['list']);
  assert.match(list.stdout, /^temp\tchair\t/m);
  assert.match(list.stdout, /^boss\tadmin\t/m);
  const hashes = execFileSync('sqlite3', [join(dir, 'parley.db'), 'SELECT hash FROM staff_users'], { encoding: 'utf8' });
  assert.doesNotMatch(hashes, new RegExp(PASSWORD));
  for (const h of hashes.trim().split('\n')) assert.match(h, /^\$argon2id\$v=19\$/);
  const pw = await userCli(dir, ['passwd', 'temp'], 'another long password\n');
  assert.equal(pw.code, 0, pw.stderr);
  assert.equal((await signIn(srv.url, 'temp', 'another long password', from())).res.status, 200);
  assert.equal((await userCli(dir, ['passwd', 'ghost'], `${PASSWORD}\n`)).code, 1);
  assert.equal((await userCli(dir, ['remove', 'temp'])).code, 0);
  assert.equal((await userCli(dir, ['remove', 'temp'])).code, 1);
  assert.equal((await signIn(srv.url, 'temp', 'another long password', from())).res.status, 401);
});

test('sign-in: 200 with name, role, csrf and a strict HttpOnly cookie; GET and DELETE', async () => {
  const s = await signIn(srv.url, 'mod', PASSWORD, from());
  assert.equal(s.res.status, 200, s.res.text);
  assert.deepEqual(Object.keys(s.res.json).sort(), ['csrf', 'name', 'role']);
  assert.equal(s.role, 'moderator');
  assert.match(s.csrf, /^[0-9a-f]{64}$/);
  const set = s.res.headers.get('set-cookie');
  assert.match(set, /^parley_session=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=\/$/);
  const me = await call(srv.url, 'api/v1/session', { cookie: s.cookie });
  assert.equal(me.status, 200);
  assert.equal(me.json.name, 'mod');
  assert.equal((await call(srv.url, 'api/v1/session')).status, 401);
  // Signing out is a state change: it needs the CSRF token.
  assert.equal((await call(srv.url, 'api/v1/session', { method: 'DELETE', cookie: s.cookie })).status, 403);
  const out = await call(srv.url, 'api/v1/session', { method: 'DELETE', cookie: s.cookie, csrf: s.csrf });
  assert.equal(out.status, 200);
  assert.match(out.headers.get('set-cookie'), /Max-Age=0/);
  assert.equal((await call(srv.url, 'api/v1/session', { cookie: s.cookie })).status, 401);
});

test('sign-in: unknown name and wrong password get the same 401 body, in similar time', async () => {
  const times = { unknown: [], wrong: [] };
  let bodies = new Set();
  for (let i = 0; i < 3; i++) {
    for (const [kind, name] of [['unknown', `nobody${i}`], ['wrong', 'chair']]) {
      const t0 = performance.now();
      const r = await call(srv.url, 'api/v1/session', { method: 'POST', body: { name, password: 'not the password' }, headers: from() });
      times[kind].push(performance.now() - t0);
      assert.equal(r.status, 401);
      bodies.add(r.text);
    }
  }
  assert.equal(bodies.size, 1, [...bodies].join('\n'));
  const med = (a) => a.sort((x, y) => x - y)[1];
  const ratio = med(times.unknown) / med(times.wrong);
  assert.ok(ratio > 0.5 && ratio < 2, `unknown ${med(times.unknown)} ms vs wrong ${med(times.wrong)} ms`);
  // Bad bodies are 400 or 415, never a crash.
  for (const [body, ct, status] of [['{"name":"mod"}', 'application/json', 400], ['{', 'application/json', 400],
    ['[1]', 'application/json', 400], ['{"name":1,"password":2}', 'application/json', 400],
    ['name=mod', 'application/x-www-form-urlencoded', 415]]) {
    const r = await call(srv.url, 'api/v1/session', { method: 'POST', body, headers: { 'content-type': ct, ...from() } });
    assert.equal(r.status, status, `${body}: ${r.text}`);
    assert.ok(r.json?.error, r.text);
  }
});

test('lockout: 5 failures for one account (from anywhere) give 429 with Retry-After, even with the right password', async () => {
  for (let i = 0; i < 5; i++) assert.equal((await signIn(srv.url, 'victim', 'wrong password!!', from())).res.status, 401);
  const locked = await signIn(srv.url, 'victim', PASSWORD, from());
  assert.equal(locked.res.status, 429);
  const wait = Number(locked.res.headers.get('retry-after'));
  assert.ok(wait > 800 && wait <= 900, `Retry-After ${wait}`);
  assert.ok(locked.res.json.error);
  // Another account is not affected.
  assert.equal((await signIn(srv.url, 'chair', PASSWORD, from())).res.status, 200);
});

test('lockout: 5 failures from one client address (as the trusted proxy names it) lock that address', async () => {
  const addr = { 'x-forwarded-for': '203.0.113.7' };
  for (let i = 0; i < 5; i++) assert.equal((await signIn(srv.url, `guess${i}`, 'wrong password!!', addr)).res.status, 401);
  assert.equal((await signIn(srv.url, 'boss', PASSWORD, addr)).res.status, 429);
  assert.equal((await signIn(srv.url, 'boss', PASSWORD, from())).res.status, 200);
});

test('roles and CSRF are enforced on every staff endpoint; the admin token acts as admin without CSRF', async () => {
  const mod = await signIn(srv.url, 'mod', PASSWORD, from());
  const chair = await signIn(srv.url, 'chair', PASSWORD, from());
  const boss = await signIn(srv.url, 'boss', PASSWORD, from());
  const reg = newRegistration();
  const c = newComment(reg);
  assert.equal((await postRecords(srv.url, ndjson([reg, c]))).status, 200);
  const pub = (who, extra = {}) => call(srv.url, `api/v1/comments/${c.id}/publication`, {
    method: 'POST', body: { state: 'published', version: extra.version ?? 0 }, cookie: who?.cookie, csrf: extra.csrf ?? who?.csrf, token: extra.token,
  });
  // Moderator endpoints: 401 without a session, 200 for every role.
  for (const path of ['api/v1/comments', 'api/v1/moderation-log']) {
    const none = await call(srv.url, path);
    assert.equal(none.status, 401);
    assert.ok(none.json.error);
    for (const who of [mod, chair, boss]) assert.equal((await call(srv.url, path, { cookie: who.cookie })).status, 200, path);
    assert.equal((await call(srv.url, path, { token: TOKEN })).status, 200);
  }
  // Admin endpoints: a moderator's or chair's session is 403, an admin's 200.
  for (const path of ['api/v1/export/comments.json', 'api/v1/stats']) {
    assert.equal((await call(srv.url, path, { cookie: mod.cookie })).status, 403, path);
    assert.equal((await call(srv.url, path, { cookie: chair.cookie })).status, 403, path);
    assert.equal((await call(srv.url, path, { cookie: boss.cookie })).status, 200, path);
  }
  // CSRF: missing or another session's token is 403, nothing changes.
  assert.equal((await pub(mod, { csrf: '' })).status, 403);
  assert.equal((await pub(mod, { csrf: chair.csrf })).status, 403);
  assert.equal((await pub(null)).status, 401);
  const log0 = await call(srv.url, 'api/v1/moderation-log', { token: TOKEN });
  assert.equal(log0.json.entries.filter((e) => e.comment === c.id).length, 0);
  const ok = await pub(mod);
  assert.equal(ok.status, 200, ok.text);
  const tok = await pub(null, { token: TOKEN, version: 1 });
  assert.equal(tok.status, 200, tok.text);
  assert.equal(tok.json.changed_by, 'admin-token');
});

test('a session cookie from another server (another data directory) is refused with 401', async () => {
  const otherDir = await dataDirWith([['mod', 'moderator']]);
  const other = await startParleyd({ dataDir: otherDir });
  try {
    const s = await signIn(other.url, 'mod');
    assert.equal(s.res.status, 200);
    const r = await call(srv.url, 'api/v1/comments', { cookie: s.cookie });
    assert.equal(r.status, 401);
    assert.ok(r.json.error);
    assert.equal((await call(srv.url, 'api/v1/session', { cookie: 'parley_session=garbage' })).status, 401);
  } finally {
    await other.stop();
    await rm(otherDir, { recursive: true, force: true });
  }
});

test('sessions end after --session-idle seconds without a request', async () => {
  const d = await dataDirWith([['mod', 'moderator']]);
  const s2 = await startParleyd({ dataDir: d, args: ['--session-idle', '1'] });
  try {
    const s = await signIn(s2.url, 'mod');
    assert.equal((await call(s2.url, 'api/v1/session', { cookie: s.cookie })).status, 200);
    await new Promise((r) => setTimeout(r, 600));
    assert.equal((await call(s2.url, 'api/v1/session', { cookie: s.cookie })).status, 200, 'activity keeps it alive');
    await new Promise((r) => setTimeout(r, 1600));
    assert.equal((await call(s2.url, 'api/v1/comments', { cookie: s.cookie })).status, 401);
  } finally {
    await s2.stop();
    await rm(d, { recursive: true, force: true });
  }
});
