// cli.test.mjs — parleyd's command line and start-up refusals: --help, bad arguments (exit 2),
// event files that must stop the start (exit 1, naming file:line:column), a busy port.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_EVENT, runParleyd, startParleyd } from '../lib/parleyd.mjs';

let tmp;
before(async () => { tmp = await mkdtemp(join(tmpdir(), 'parleyd-cli-')); });
after(async () => { await rm(tmp, { recursive: true, force: true }); });

// Arguments that would start a server if nothing were wrong: a fresh data dir each time.
const base = (name) => ['--port', '0', '--data', join(tmp, name)];

test('--help prints usage on stdout and exits 0', async () => {
  const r = await runParleyd(['--help']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^usage: parleyd /);
  for (const opt of ['--port', '--data', '--web', '--event', '--bind', '--timeout']) assert.ok(r.stdout.includes(opt), opt);
  assert.match(r.stdout, /Authorization: Bearer/);
  assert.match(r.stdout, /access TIME CLIENT METHOD PATH STATUS BYTES MS/);
  assert.equal(r.stderr, '');
});

for (const [name, args, env, why] of [
  ['unknown flag', ['--nope'], {}, /unknown option '--nope'/],
  ['positional argument', ['stray'], {}, /unexpected argument 'stray'/],
  ['missing value', ['--data'], {}, /'--data' needs a value/],
  ['non-numeric port', ['--port', 'eighty'], {}, /--port 'eighty'/],
  ['port out of range', ['--port', '70000'], {}, /--port '70000'/],
  ['negative port', ['--port=-1'], {}, /--port '-1'/],
  ['bad bind address', ['--bind', 'localhost'], {}, /--bind 'localhost'/],
  ['zero timeout', ['--timeout', '0'], {}, /--timeout '0'/],
  ['non-numeric timeout', ['--timeout', '5s'], {}, /--timeout '5s'/],
  ['timeout too long', ['--timeout', '3601'], {}, /--timeout '3601'/],
  ['bad PORT variable', [], { PORT: '80a' }, /PORT='80a'/],
]) {
  test(`bad arguments exit 2 with usage on stderr: ${name}`, async () => {
    const r = await runParleyd([...args], { env });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, why);
    assert.match(r.stderr, /usage: parleyd /);
    assert.equal(r.stdout, '');
  });
}

test('a malformed event file stops the start with exit 1 naming file:line:column', async () => {
  const file = join(tmp, 'broken-event.json');
  await writeFile(file, '{\n  "id": "x",\n  oops\n}\n');
  const r = await runParleyd([...base('broken'), '--event', file]);
  assert.equal(r.code, 1, r.stderr);
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  assert.match(r.stderr, new RegExp(`${escaped}:3:\\d+: \\S`));
  assert.doesNotMatch(r.stdout, /listening/);
  // Nothing was created for a server that never started.
  assert.equal(existsSync(join(tmp, 'broken')), false);
});

test('an event file that is valid JSON but not a valid event stops the start', async () => {
  const file = join(tmp, 'schema-event.json');
  await writeFile(file, '{"id": "only-an-id"}\n');
  const r = await runParleyd([...base('schema'), '--event', file]);
  assert.equal(r.code, 1, r.stderr);
  assert.ok(r.stderr.includes(`${file}: `), r.stderr);
});

test('an event file carrying a member parleyd adds when serving it stops the start', async () => {
  const event = JSON.parse(await readFile(DEFAULT_EVENT, 'utf8'));
  for (const member of ['current_item', 'current_since', 'revision']) {
    const file = join(tmp, `served-${member}.json`);
    await writeFile(file, JSON.stringify({ ...event, [member]: null }));
    const r = await runParleyd([...base(`served-${member}`), '--event', file]);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stderr.includes(`${file}: "${member}" is added by parleyd`), r.stderr);
  }
});

test('an invalid second event file stops the start too', async () => {
  const file = join(tmp, 'second-broken.json');
  await writeFile(file, '[');
  const r = await runParleyd([...base('second'), '--event', DEFAULT_EVENT, '--event', file]);
  assert.equal(r.code, 1, r.stderr);
  assert.ok(r.stderr.includes(file), r.stderr);
});

test('an event file over the size limit is refused before parsing', async () => {
  const file = join(tmp, 'huge-event.json');
  const json = await readFile(DEFAULT_EVENT, 'utf8');
  await writeFile(file, json + ' '.repeat(256 * 1024)); // valid JSON, just too big
  const r = await runParleyd([...base('huge'), '--event', file]);
  assert.equal(r.code, 1, r.stderr);
  assert.ok(r.stderr.includes(file), r.stderr);
  assert.match(r.stderr, /limit/);
});

test('a missing event file stops the start', async () => {
  const file = join(tmp, 'does-not-exist.json');
  const r = await runParleyd([...base('missing'), '--event', file]);
  assert.equal(r.code, 1, r.stderr);
  assert.ok(r.stderr.includes(file), r.stderr);
});

test('two event files with the same id are refused', async () => {
  const r = await runParleyd([...base('dup'), '--event', DEFAULT_EVENT, '--event', DEFAULT_EVENT]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /already used/);
});

test('PORT is used when --port is not given', async () => {
  const s = await startParleyd({ port: null, env: { PORT: '0' } });
  try {
    assert.ok(s.port > 0 && s.port < 65536);
    assert.equal(s.url, `http://127.0.0.1:${s.port}/`);
    const r = await fetch(`${s.url}healthz`);
    assert.equal(r.status, 200);
  } finally {
    assert.equal(await s.stop(), 0);
  }
});

test('a port already in use fails the start with exit 1', async () => {
  const s = await startParleyd();
  try {
    const r = await runParleyd([...base('busy'), '--port', String(s.port)]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`port ${s.port}`));
  } finally {
    assert.equal(await s.stop(), 0);
  }
});
