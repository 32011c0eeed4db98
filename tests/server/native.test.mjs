// native.test.mjs — the desktop program (build/native/parley) as a kiosk on a small Linux
// box: records it has stored upload to a real parleyd through libcurl (headless, SDL's dummy
// video driver), each once; what parleyd acknowledged is forgotten by the next start; a
// damaged line of its outbox log is named and skipped, not fatal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startParleyd, adminJson } from '../lib/parleyd.mjs';
import { until } from '../lib/backlog.mjs';

const TOKEN = 'native-test-token-0123456789abcdef';
const comments = async () => (await adminJson(srv.url, 'api/v1/export/comments.json', TOKEN)).comments;
const NATIVE = join(ROOT, 'build/native/parley');
const COUNT = 12;
let srv, dir;

before(async () => {
  srv = await startParleyd({ env: { PARLEY_ADMIN_TOKEN: TOKEN } });
  dir = mkdtempSync(join(tmpdir(), 'parley-native-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  assert.equal(await srv.stop(), 0);
});

// COUNT records in the outbox's storage form (backlog_gen: the app's own encoder), as
// the log's "S <id> <hex>" lines.
function storedLines() {
  const file = join(dir, 'backlog.bin');
  execFileSync(join(ROOT, 'build/native/backlog_gen'), [String(COUNT), file, '11']);
  const b = readFileSync(file);
  const lines = [], ids = [];
  for (let at = 0; at < b.length;) {
    const idLen = b.readUInt16LE(at); at += 2;
    const id = b.subarray(at, at + idLen).toString(); at += idLen;
    const len = b.readUInt32LE(at); at += 4;
    lines.push(`S ${id} ${b.subarray(at, at + len).toString('hex')}`); at += len;
    ids.push(id);
  }
  return { lines, ids };
}

// Starts the desktop program on the state directory; resolves { stop, stderr }.
function startNative(stateDir) {
  const child = spawn(NATIVE, ['--kiosk', '--size', '400x300', '--server', srv.url, '--state-dir', stateDir], {
    cwd: ROOT, env: { ...process.env, SDL_VIDEODRIVER: 'dummy', SDL_AUDIODRIVER: 'dummy' },
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((res) => child.on('exit', (code, signal) => res(code ?? signal)));
  return {
    stderr: () => stderr,
    exited,
    async stop() { child.kill('SIGTERM'); return exited; },
  };
}

const logLines = (stateDir) => readFileSync(join(stateDir, 'outbox.log'), 'utf8').split('\n').filter(Boolean);

test('the desktop program uploads what it stored to parleyd, each record once, and forgets what was acknowledged', async () => {
  const state = join(dir, 'state');
  const { lines, ids } = storedLines();
  execFileSync('mkdir', ['-p', state]);
  writeFileSync(join(state, 'outbox.log'), [lines[0], 'S not-hex zz', 'S bad/id 00', ...lines.slice(1), 'C 00000000-0000-4000-8000-000000000000 3 '].join('\n') + '\n');
  const run = startNative(state);
  try {
    await until(async () => (await comments()).length === COUNT,
      `${COUNT} comments on parleyd`);
    // every upload answered: one "acknowledged" line per record in the log
    await until(() => logLines(state).filter((l) => /^C \S+ 3 /.test(l)).length === COUNT, 'the acknowledgements stored');
  } finally {
    assert.equal(await run.stop(), 0, run.stderr());
  }
  assert.match(run.stderr(), /outbox\.log:2: not hexadecimal; line skipped/);
  assert.match(run.stderr(), /outbox\.log:3: not a record id; line skipped/);
  assert.match(run.stderr(), /outbox\.log:\d+: a decision about a record never stored; line skipped/);
  const got = (await comments()).map((c) => c.record.id).sort();
  assert.deepEqual(got, [...ids].sort());
  for (const id of ids) assert.ok(logLines(state).some((l) => l.startsWith(`C ${id} 3 `)), id);

  // the next start forgets the acknowledged records and sends nothing again
  const again = startNative(state);
  try {
    await until(() => logLines(state).length === 0, 'the log written again without them', 10000);
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    assert.equal(await again.stop(), 0, again.stderr());
  }
  assert.equal((await comments()).length, COUNT);
  assert.doesNotMatch(again.stderr(), /line skipped/);
});

test('a second program on the same state directory stores but does not upload', async () => {
  const state = join(dir, 'shared');
  execFileSync('mkdir', ['-p', state]);
  writeFileSync(join(state, 'outbox.log'), '');
  const first = startNative(state);
  await until(() => { try { return readFileSync(join(state, 'outbox.log'), 'utf8') === ''; } catch { return false; } }, 'first start');
  await new Promise((r) => setTimeout(r, 300));
  const second = startNative(state);
  try {
    await until(() => /another program uses this state directory/.test(second.stderr()), 'the second program says so', 10000);
  } finally {
    assert.equal(await second.stop(), 0, second.stderr());
    assert.equal(await first.stop(), 0, first.stderr());
  }
});
