// tests/lib/parleyd.mjs — starts and stops a real build/parleyd for server and browser tests:
// free loopback port, fresh temporary data directory, stderr kept for failure messages; and
// builders of docs/interface.md §3 records with upload and admin helpers.
// It must never reuse a developer's data/ directory or leave a parleyd running after stop().
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { request as httpsRequest } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
// PARLEYD lets the Makefile run the same tests against another build (e.g. sanitizers).
export const PARLEYD = process.env.PARLEYD ? resolve(process.env.PARLEYD) : join(ROOT, 'build/parleyd');
export const DEFAULT_EVENT = join(ROOT, 'assets/events/untoc-som-2022.json');
export const DEFAULT_WEB = join(ROOT, 'build/web');

const READY = /parleyd: listening on (https?:\/\/\S+?:(\d+)\/)/;
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 20_000; // parleyd drains for at most 10 s

// The environment parleyd sees: ours, minus what would make tests depend on the caller's
// shell (an exported admin token or PORT), plus `env` (a value of undefined deletes).
function childEnv(env = {}) {
  const out = { ...process.env };
  delete out.PARLEY_ADMIN_TOKEN;
  delete out.PORT;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete out[k];
    else out[k] = String(v);
  }
  return out;
}

/**
 * Runs parleyd to completion (for --help, bad arguments, start-up failures).
 * Resolves { code, signal, stdout, stderr }; kills it after timeoutMs.
 */
export function runParleyd(args = [], { env, timeoutMs = 10_000, cwd = ROOT } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(PARLEYD, args, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`parleyd ${args.join(' ')} did not exit within ${timeoutMs} ms\n--- stderr ---\n${stderr}`));
    }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Starts parleyd on 127.0.0.1 with --port 0 and resolves once it listens.
 * Options: events (files, default the UNTOC event), web (default build/web), env (extra
 * environment; undefined deletes), args (extra arguments), dataDir (use this directory
 * instead of a fresh temporary one; it is then left in place by stop()), port (default 0;
 * null passes no --port, so $PORT or 8080 applies), bin (another parleyd binary).
 * Returns { url, port, dataDir, pid, stdout(), stderr(), exited, stop() }.
 */
export async function startParleyd({ events = [DEFAULT_EVENT], web = DEFAULT_WEB, env, args = [], dataDir, port = 0, bin = PARLEYD } = {}) {
  const ownDir = !dataDir;
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'parleyd-test-')));
  const data = join(dir, 'data');
  const argv = [...(port === null ? [] : ['--port', String(port)]), '--data', ownDir ? data : dir, '--web', web];
  for (const e of events) argv.push('--event', e);
  argv.push(...args);

  const child = spawn(bin, argv, { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((res) => child.on('close', (code, signal) => res({ code, signal })));
  let spawnError = null;
  child.on('error', (e) => { spawnError = e; });

  const cleanup = async () => { if (ownDir) await rm(dir, { recursive: true, force: true }); };

  let ready;
  try {
    ready = await new Promise((res, rej) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        rej(new Error(`parleyd did not print its listening line within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
      child.stdout.on('data', (d) => {
        stdout += d;
        const m = READY.exec(stdout);
        if (m) { clearTimeout(timer); res({ url: m[1], port: Number(m[2]) }); }
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        rej(spawnError ?? new Error(`parleyd exited early (code ${code}, signal ${signal}) before listening`));
      });
    });
  } catch (e) {
    await exited.catch(() => {});
    await cleanup();
    e.message += `\ncommand: ${bin} ${argv.join(' ')}\n--- stdout ---\n${stdout}--- stderr ---\n${stderr}`;
    throw e;
  }

  let stopped = null;
  return {
    url: ready.url,
    port: ready.port,
    dataDir: ownDir ? data : dir,
    pid: child.pid,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    /** SIGTERM, wait for exit, remove the temporary directory; resolves the exit code. */
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        let timer;
        const result = await Promise.race([
          exited,
          new Promise((res) => { timer = setTimeout(() => res(null), STOP_TIMEOUT_MS); }),
        ]);
        clearTimeout(timer);
        if (!result) {
          child.kill('SIGKILL');
          await exited;
          await cleanup();
          throw new Error(`parleyd did not stop within ${STOP_TIMEOUT_MS} ms of SIGTERM\n--- stderr ---\n${stderr}`);
        }
        await cleanup();
        return result.code ?? result.signal;
      })();
      return stopped;
    },
  };
}

/**
 * Sends `request` (string or Buffer, sent as is: no normalisation of the path, unlike
 * fetch) on a fresh loopback socket and collects everything until the server closes or
 * timeoutMs passes. Resolves { raw (Buffer), status, headers (lower-case names), body
 * (Buffer of the first response), closed (server closed the socket), error }.
 */
export function rawRequest(port, request, { timeoutMs = 5000 } = {}) {
  return new Promise((resolvePromise) => {
    const sock = connect({ host: '127.0.0.1', port });
    const chunks = [];
    let closed = false;
    let error = null;
    const finish = () => {
      clearTimeout(timer);
      sock.destroy();
      resolvePromise({ ...parseResponse(Buffer.concat(chunks)), closed, error });
    };
    const timer = setTimeout(finish, timeoutMs);
    sock.on('connect', () => sock.write(request));
    sock.on('data', (d) => chunks.push(d));
    sock.on('end', () => { closed = true; finish(); });
    sock.on('error', (e) => { error = e; closed = true; finish(); });
  });
}

/** Parses the first HTTP/1.x response in buf (Content-Length bodies only). */
export function parseResponse(buf) {
  const sep = buf.indexOf('\r\n\r\n');
  if (sep < 0) return { raw: buf, status: 0, headers: {}, body: Buffer.alloc(0) };
  const lines = buf.subarray(0, sep).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
  const headers = {};
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const len = headers['content-length'] !== undefined ? Number(headers['content-length']) : buf.length - sep - 4;
  return { raw: buf, status: m ? Number(m[1]) : 0, headers, body: buf.subarray(sep + 4, sep + 4 + len) };
}

// --- records (docs/interface.md §3) and the upload/admin endpoints --------------------------------

/** The id of the default event, read from its file. */
export const DEFAULT_EVENT_ID = JSON.parse(readFileSync(DEFAULT_EVENT, 'utf8')).id;

/** A valid registration record; `over` replaces or adds fields (undefined deletes). */
export function newRegistration(over = {}) {
  return applyOver({
    v: 1, type: 'registration', id: randomUUID(), event: DEFAULT_EVENT_ID, device: randomUUID(),
    created: '2022-07-01T09:00:00.000Z', name: 'Test Participant', organization: 'Test NGO',
    category: 'ngo', country: 'MX', email: '', publish_consent: true,
  }, over);
}

/** A valid comment by `reg` (a registration record or its id). */
export function newComment(reg, over = {}) {
  return applyOver({
    v: 1, type: 'comment', id: randomUUID(), event: DEFAULT_EVENT_ID,
    device: typeof reg === 'object' ? reg.device : randomUUID(),
    created: '2022-07-01T09:30:00.000Z', participant: typeof reg === 'object' ? reg.id : reg,
    agenda_item: 'panel-cluster-1', addressed_to: null, language: 'en', text: 'A comment.',
  }, over);
}

function applyOver(base, over) {
  const r = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete r[k];
    else r[k] = v;
  }
  return r;
}

/** NDJSON of records (objects are serialised, strings and Buffers sent as they are). */
export function ndjson(records) {
  return Buffer.concat(records.flatMap((r) => [
    Buffer.isBuffer(r) ? r : Buffer.from(typeof r === 'string' ? r : JSON.stringify(r)),
    Buffer.from('\n'),
  ]));
}

/**
 * POSTs a body to /api/v1/records. Resolves { status, headers, json } (json null when the
 * body is not JSON).
 */
export async function postRecords(url, body, { contentType = 'application/x-ndjson', signal } = {}) {
  const headers = contentType === null ? {} : { 'content-type': contentType };
  const res = await fetch(`${url}api/v1/records`, { method: 'POST', headers, body, signal });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, json, text };
}

/** An admin path's JSON body (e.g. 'api/v1/stats'), with a bearer token; options as adminGet. */
export async function adminJson(url, path, token, options) {
  return JSON.parse((await adminGet(url, path, token, options)).text);
}

/**
 * GET of an admin path (e.g. 'api/v1/stats') with a bearer token (null: none). `ca` (PEM):
 * an https url is reached trusting only that CA (headers are then a plain object).
 */
export async function adminGet(url, path, token, { ca } = {}) {
  const headers = token === null || token === undefined ? {} : { authorization: `Bearer ${token}` };
  if (ca) return httpsGet(`${url}${path}`, { headers, ca });
  const res = await fetch(`${url}${path}`, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body, text: body.toString('utf8') };
}

function httpsGet(url, { headers, ca }) {
  return new Promise((resolvePromise, reject) => {
    const req = httpsRequest(url, { headers, ca, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolvePromise({ status: res.statusCode, headers: res.headers, body, text: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
