// staff.mjs — helpers for the staff tests (docs/staff-api.md): accounts made with `parleyd user`,
// a signed-in client that keeps its cookie and CSRF token, JSON requests, and a reader of
// the live stream (Server-Sent Events) over fetch.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PARLEYD, ROOT } from '../lib/parleyd.mjs';

export const PASSWORD = 'a long staff password';

/** Runs `parleyd user ARGS --data dir` with `input` on standard input. */
export function userCli(dir, args, input = '') {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(PARLEYD, ['user', ...args, '--data', dir], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    // a command refused on its arguments exits before reading its input: that write may then
    // fail with EPIPE, which is not the test's concern (the exit code and output are)
    child.stdin.on('error', (err) => { if (err.code !== 'EPIPE') reject(err); });
    child.stdin.end(input);
  });
}

/** A fresh data directory with the given accounts ([name, role] pairs, password PASSWORD). */
export async function dataDirWith(users) {
  const dir = await mkdtemp(join(tmpdir(), 'parleyd-staff-'));
  for (const [name, role] of users) {
    const r = await userCli(dir, ['add', name, '--role', role], `${PASSWORD}\n`);
    if (r.code !== 0) throw new Error(`user add ${name}: ${r.stderr}`);
  }
  return dir;
}

/** One request; resolves { status, headers, text, json }. */
export async function call(url, path, { method = 'GET', body, headers = {}, cookie, csrf, token } = {}) {
  const h = { ...headers };
  if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json';
  if (cookie) h.cookie = cookie;
  if (csrf) h['x-csrf-token'] = csrf;
  if (token) h.authorization = `Bearer ${token}`;
  const res = await fetch(`${url}${path}`, {
    method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, json };
}

/** Signs in; resolves { cookie, csrf, name, role, res } (cookie null when refused). */
export async function signIn(url, name, password = PASSWORD, headers = {}) {
  const res = await call(url, 'api/v1/session', { method: 'POST', body: { name, password }, headers });
  const set = res.headers.get('set-cookie');
  const cookie = set ? set.split(';')[0] : null;
  return { cookie, csrf: res.json?.csrf, name: res.json?.name, role: res.json?.role, res };
}

/** Changes a comment's publication as `who` (from signIn). */
export function setPublication(url, who, id, body) {
  return call(url, `api/v1/comments/${id}/publication`, { method: 'POST', body, cookie: who.cookie, csrf: who.csrf });
}

/**
 * Opens the live stream; returns { events (array, filled as they come), next(pred, ms),
 * res, close() }. Each event: { id, event, data, at (ms) }; comment lines as
 * { comment: text, at }.
 */
export async function openStream(url, cookie, { event, lastEventId } = {}) {
  const ac = new AbortController();
  const headers = { cookie };
  if (lastEventId !== undefined) headers['last-event-id'] = String(lastEventId);
  const res = await fetch(`${url}api/v1/stream${event ? `?event=${event}` : ''}`, { headers, signal: ac.signal });
  const events = [];
  const waiters = [];
  let buf = '';
  const notify = () => { for (const w of [...waiters]) w(); };
  if (res.status === 200) {
    (async () => {
      const dec = new TextDecoder();
      try {
        for await (const chunk of res.body) {
          buf += dec.decode(chunk, { stream: true });
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const ev = { at: Date.now() };
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) ev.comment = line.slice(1).trim();
              else {
                const k = line.indexOf(':');
                const key = k < 0 ? line : line.slice(0, k);
                const val = k < 0 ? '' : line.slice(k + 1).replace(/^ /, '');
                if (key === 'data') ev.data = JSON.parse(val);
                else ev[key] = val;
              }
            }
            events.push(ev);
            notify();
          }
        }
      } catch { /* aborted */ }
    })();
  }
  return {
    res,
    events,
    next(pred, ms = 3000) {
      return new Promise((resolvePromise, reject) => {
        const check = () => {
          const e = events.find(pred);
          if (e) { cleanup(); resolvePromise(e); }
        };
        const timer = setTimeout(() => { cleanup(); reject(new Error(`no such stream event within ${ms} ms: ${JSON.stringify(events)}`)); }, ms);
        const cleanup = () => { clearTimeout(timer); const k = waiters.indexOf(check); if (k >= 0) waiters.splice(k, 1); };
        waiters.push(check);
        check();
      });
    },
    close() { ac.abort(); },
  };
}
