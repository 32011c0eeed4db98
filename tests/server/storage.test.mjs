// storage.test.mjs — what parleyd leaves on disk: the SQLite database (WAL, schema version,
// records table, clean close), the data directory, and the admin token (docs/interface.md §2).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runParleyd, startParleyd } from '../lib/parleyd.mjs';

let tmp;
let n = 0;
before(async () => { tmp = await mkdtemp(join(tmpdir(), 'parleyd-storage-')); });
after(async () => { await rm(tmp, { recursive: true, force: true }); });

const freshDir = () => join(tmp, `d${++n}`);
const sqlite = (db, sql) => execFileSync('sqlite3', [db, sql], { encoding: 'utf8' }).trim();
// The schema version this parleyd migrates to (src/server/db.c: one per migration).
const SCHEMA = '3';
const TOKEN_FILE_LINE = /^[0-9a-f]{64}\n$/;

test('the database is created in WAL mode at the current schema version with the records and staff tables', async () => {
  const dir = freshDir();
  const s = await startParleyd({ dataDir: dir });
  let code;
  try {
    const db = join(dir, 'parley.db');
    assert.ok(existsSync(db), 'parley.db exists while running');
    assert.equal(sqlite(db, 'PRAGMA journal_mode;'), 'wal');
    assert.equal(sqlite(db, 'PRAGMA user_version;'), SCHEMA);
    // Column name | type | notnull | pk
    const cols = sqlite(db, "SELECT name, type, \"notnull\", pk FROM pragma_table_info('records') ORDER BY cid;");
    assert.equal(cols, [
      'id|TEXT|1|1', 'type|TEXT|1|0', 'event|TEXT|1|0', 'device|TEXT|0|0',
      'created|TEXT|0|0', 'received|TEXT|1|0', 'body|TEXT|1|0',
    ].join('\n'));
    const indexed = sqlite(db,
      "SELECT ii.name FROM sqlite_master m, pragma_index_info(m.name) ii " +
      "WHERE m.type = 'index' AND m.tbl_name = 'records' AND m.sql IS NOT NULL ORDER BY ii.name;");
    assert.equal(indexed, 'event\ntype');
    assert.equal((await stat(db)).mode & 0o777, 0o600, 'the database is private to its owner');
  } finally {
    code = await s.stop();
  }
  assert.equal(code, 0);
  // A clean close checkpoints and removes the WAL; the data survives it.
  assert.equal(existsSync(join(dir, 'parley.db-wal')), false, 'no WAL file left after a clean stop');
  assert.equal(sqlite(join(dir, 'parley.db'), 'PRAGMA user_version;'), SCHEMA);
});

test('a restart on the same directory keeps the schema and migrates nothing twice', async () => {
  const dir = freshDir();
  assert.equal(await (await startParleyd({ dataDir: dir })).stop(), 0);
  const db = join(dir, 'parley.db');
  sqlite(db, "INSERT INTO records VALUES ('r1', 'comment', 'e', NULL, NULL, '2022-07-01T00:00:00Z', '{}');");
  const s = await startParleyd({ dataDir: dir });
  assert.equal(await s.stop(), 0, s.stderr());
  assert.equal(sqlite(db, 'PRAGMA user_version;'), SCHEMA);
  assert.equal(sqlite(db, 'SELECT count(*) FROM records;'), '1');
});

test('an empty version-0 database is migrated to the current version', async () => {
  const dir = freshDir();
  await mkdir(dir);
  sqlite(join(dir, 'parley.db'), 'CREATE TABLE unrelated(x); DROP TABLE unrelated;');
  assert.equal(sqlite(join(dir, 'parley.db'), 'PRAGMA user_version;'), '0');
  const s = await startParleyd({ dataDir: dir });
  assert.equal(await s.stop(), 0);
  assert.equal(sqlite(join(dir, 'parley.db'), 'PRAGMA user_version;'), SCHEMA);
});

test('a database from a newer schema is refused with exit 1', async () => {
  const dir = freshDir();
  await mkdir(dir);
  sqlite(join(dir, 'parley.db'), 'PRAGMA user_version = 99;');
  const r = await runParleyd(['--port', '0', '--data', dir]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /schema version 99/);
});

test('a missing data directory is created (with parents), private to its owner', async () => {
  const dir = join(freshDir(), 'a', 'b');
  const s = await startParleyd({ dataDir: dir });
  assert.equal(await s.stop(), 0);
  assert.equal((await stat(dir)).isDirectory(), true);
  assert.equal((await stat(dir)).mode & 0o777, 0o700);
  assert.ok(existsSync(join(dir, 'parley.db')));
});

test('a data path that is a file fails the start with exit 1', async () => {
  const file = join(tmp, 'plain-file');
  await writeFile(file, 'x');
  const r = await runParleyd(['--port', '0', '--data', file]);
  assert.equal(r.code, 1, r.stderr);
  assert.ok(r.stderr.includes(file));
});

test('the admin token is generated once: 64 hex chars, mode 0600, path printed, token not', async () => {
  const dir = freshDir();
  const s = await startParleyd({ dataDir: dir });
  assert.equal(await s.stop(), 0);
  const path = join(dir, 'admin-token');
  const content = await readFile(path, 'utf8');
  assert.match(content, TOKEN_FILE_LINE);
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.ok(s.stdout().includes(path), s.stdout());
  const token = content.trim();
  assert.ok(!s.stdout().includes(token) && !s.stderr().includes(token), 'the token is never printed');

  // Restart: the same token is read back, not replaced.
  const again = await startParleyd({ dataDir: dir });
  assert.equal(await again.stop(), 0);
  assert.equal(await readFile(path, 'utf8'), content);
  assert.match(again.stdout(), /admin token read from/);
  assert.ok(!again.stdout().includes(token));

  // Two fresh directories get different tokens.
  const other = freshDir();
  assert.equal(await (await startParleyd({ dataDir: other })).stop(), 0);
  assert.notEqual(await readFile(join(other, 'admin-token'), 'utf8'), content);
});

test('PARLEY_ADMIN_TOKEN wins: no file is created and an existing one is left alone', async () => {
  const dir = freshDir();
  const s = await startParleyd({ dataDir: dir, env: { PARLEY_ADMIN_TOKEN: 'env-token-value-123' } });
  assert.equal(await s.stop(), 0);
  assert.equal(existsSync(join(dir, 'admin-token')), false);
  assert.match(s.stdout(), /admin token from PARLEY_ADMIN_TOKEN/);
  assert.ok(!s.stdout().includes('env-token-value-123'));

  const dir2 = freshDir();
  await mkdir(dir2);
  await writeFile(join(dir2, 'admin-token'), 'file-token\n', { mode: 0o600 });
  const s2 = await startParleyd({ dataDir: dir2, env: { PARLEY_ADMIN_TOKEN: 'env-token-value-123' } });
  assert.equal(await s2.stop(), 0);
  assert.match(s2.stdout(), /admin token from PARLEY_ADMIN_TOKEN/);
  assert.equal(await readFile(join(dir2, 'admin-token'), 'utf8'), 'file-token\n');
});

test('an existing token file is used, with surrounding whitespace trimmed', async () => {
  const dir = freshDir();
  await mkdir(dir);
  await writeFile(join(dir, 'admin-token'), '  operator-chosen-token \n\n', { mode: 0o600 });
  const s = await startParleyd({ dataDir: dir });
  assert.equal(await s.stop(), 0);
  assert.match(s.stdout(), /admin token read from/);
  assert.equal(await readFile(join(dir, 'admin-token'), 'utf8'), '  operator-chosen-token \n\n');
});

test('an empty token (file or PARLEY_ADMIN_TOKEN) is refused with exit 1', async () => {
  const dir = freshDir();
  await mkdir(dir);
  await writeFile(join(dir, 'admin-token'), ' \n\t\n', { mode: 0o600 });
  let r = await runParleyd(['--port', '0', '--data', dir]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /admin-token: the admin token is empty/);

  r = await runParleyd(['--port', '0', '--data', freshDir()], { env: { PARLEY_ADMIN_TOKEN: '' } });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /PARLEY_ADMIN_TOKEN: the admin token is empty/);
});

test('a token file readable by others is used but warned about', async () => {
  const dir = freshDir();
  await mkdir(dir);
  const path = join(dir, 'admin-token');
  await writeFile(path, 'shared-token\n');
  await chmod(path, 0o644);
  const s = await startParleyd({ dataDir: dir });
  assert.equal(await s.stop(), 0);
  assert.match(s.stderr(), /warning: .*admin-token is readable by other users/);
});
