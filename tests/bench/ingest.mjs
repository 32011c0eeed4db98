// ingest.mjs — `make bench`: records/s parleyd ingests over loopback (wrk, concurrent
// clients) with single-record POSTs and with batches of 100, each next to the raw rate of
// the same inserts done in-process through parleyd's own db.c (same schema, WAL +
// synchronous=FULL), measured in the same run on the same disk; and the p99 latency of an
// acknowledgement under that load. Goals: >= 25% (single) and >= 50% (batches) of raw.
// It only measures: it never fails the build, and it only talks to loopback.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ROOT, startParleyd } from '../lib/parleyd.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS || 8);
const RAW = join(ROOT, 'build/bench/ingest_raw');
const SCRIPT = join(ROOT, 'tests/server/wrk-upload.lua');
const scenarios = [
  { name: 'single-record POSTs', batch: 1, connections: 64, goal: 0.25 },
  { name: 'batches of 100', batch: 100, connections: 16, goal: 0.5 },
];

// Data directories on the same file system as parleyd's temporary one (os.tmpdir()).
function rawRate(batch) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-raw-'));
  try {
    const out = execFileSync(RAW, [dir, String(batch), String(SECONDS)], { encoding: 'utf8' });
    return JSON.parse(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function wrk(args) {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', 'ulimit -n 8192 2>/dev/null || true; exec wrk "$@"', 'wrk', ...args],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk exited ${code}\n${out}`))));
  });
}

async function serverRate({ batch, connections }) {
  const s = await startParleyd();
  let out;
  try {
    out = await wrk(['-t2', `-c${connections}`, `-d${SECONDS}s`, '--timeout', '10s', '--latency', '-s', SCRIPT, s.url, '--', String(batch)]);
  } finally {
    await s.stop();
  }
  const requests = Number(/(\d+) requests in ([\d.]+)(m?s)/.exec(out)[1]);
  const m = /(\d+) requests in ([\d.]+)(ms|s|m)\b/.exec(out);
  const secs = m[3] === 'ms' ? Number(m[2]) / 1000 : m[3] === 'm' ? Number(m[2]) * 60 : Number(m[2]);
  const statuses = /WRK-STATUSES (\S*)/.exec(out)[1];
  const lat = /WRK-LATENCY-US p50=(\d+) p99=(\d+) max=(\d+)/.exec(out).slice(1).map(Number);
  const errors = /Socket errors: (.*)/.exec(out)?.[1] ?? 'none';
  const groups = /committed (\d+) uploads \(\d+ records, new or duplicate\) in (\d+) transactions/.exec(s.stderr());
  return {
    perSecond: (requests * batch) / secs, requests, statuses, errors,
    p50ms: lat[0] / 1000, p99ms: lat[1] / 1000, maxms: lat[2] / 1000,
    uploadsPerTransaction: groups ? Number(groups[1]) / Number(groups[2]) : NaN,
  };
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(`ingest rate, ${SECONDS} s per measurement, wrk over loopback vs in-process SQLite (WAL, synchronous=FULL):`);
const results = [];
for (const sc of scenarios) {
  const raw = rawRate(sc.batch);
  const srv = await serverRate(sc);
  results.push({ sc, raw, srv });
  const ratio = srv.perSecond / raw.per_second;
  console.log(`  ${sc.name} (${sc.connections} connections):`);
  console.log(`    parleyd         ${fmt(srv.perSecond).padStart(9)} records/s  (${fmt(srv.requests)} requests, statuses ${srv.statuses}, socket errors ${srv.errors})`);
  console.log(`    in-process raw  ${fmt(raw.per_second).padStart(9)} records/s  (${sc.batch} per transaction)`);
  console.log(`    ratio           ${(ratio * 100).toFixed(0).padStart(8)}%   (goal >= ${sc.goal * 100}%: ${ratio >= sc.goal ? 'met' : 'NOT MET'})`);
  console.log(`    acknowledgement latency: p50 ${srv.p50ms.toFixed(1)} ms, p99 ${srv.p99ms.toFixed(1)} ms, max ${srv.maxms.toFixed(1)} ms; ` +
              `${srv.uploadsPerTransaction.toFixed(1)} uploads per transaction (group commit)`);
}
// Group commit lets single-record uploads beat one-insert-per-transaction; the stricter
// comparison is with the best raw rate measured (100 inserts per transaction).
const [single, batched] = results;
console.log(`  single-record POSTs vs raw at 100 per transaction: ${(single.srv.perSecond / batched.raw.per_second * 100).toFixed(0)}%`);
