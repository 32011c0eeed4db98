// proxy.test.mjs — parleyd behind nginx (dist/nginx/parley.conf, reduced to plain HTTP on
// loopback): page and event through the proxy, gzip'd static files and LZ4 uploads passed
// unchanged, over 2 MiB refused with 413, the client address from X-Forwarded-For only with
// --trust-proxy, a spoofed header straight to parleyd ignored, and paths outside the web
// root refused through the proxy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { newRegistration, ndjson, rawRequest, startParleyd } from '../lib/parleyd.mjs';
import { request } from 'node:http';
import { lz4Frame } from './lz4frame.mjs';

// GET from a chosen loopback address (127.0.0.2 plays a kiosk that is not the proxy).
const getFrom = (url, localAddress, headers = {}) => new Promise((res, rej) => {
  const req = request(url, { localAddress, headers, agent: false }, (r) => { r.resume(); r.on('end', () => res(r.statusCode)); });
  req.on('error', rej);
  req.end();
});

const freePort = () => new Promise((res) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
});

async function startNginx(upstreamPort) {
  const dir = await mkdtemp(join(tmpdir(), 'parley-nginx-'));
  const port = await freePort();
  for (const d of ['logs', 'tmp']) await mkdir(join(dir, d));
  const conf = `daemon off; master_process off; worker_processes 1; ${process.getuid() === 0 ? 'user root;' : ''}
pid ${dir}/nginx.pid; error_log ${dir}/logs/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body; proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/f; uwsgi_temp_path ${dir}/tmp/u; scgi_temp_path ${dir}/tmp/s;
  upstream parleyd { server 127.0.0.1:${upstreamPort}; keepalive 4; }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 2m;
    location / {
      proxy_pass http://parleyd;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      gzip off;
    }
  }
}
`;
  await writeFile(join(dir, 'nginx.conf'), conf);
  const child = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null) throw new Error(`nginx exited: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, url: `http://127.0.0.1:${port}/`, async stop() { child.kill('SIGTERM'); await new Promise((r) => child.exitCode !== null ? r() : child.on('close', r)); await rm(dir, { recursive: true, force: true }); } };
}

const accessLines = (srv, path) => srv.stderr().split('\n').filter((l) => l.startsWith('access ') && l.includes(` ${path} `));

// Runs send() and resolves the access-log line it left (written once the answer is out).
async function logged(srv, path, send) {
  const before = accessLines(srv, path).length;
  await send();
  for (let i = 0; i < 100 && accessLines(srv, path).length <= before; i++) await new Promise((r) => setTimeout(r, 20));
  return accessLines(srv, path).at(-1);
}

test('behind nginx: pages, gzip and LZ4 pass unchanged, 413 over 2 MiB, real client address with --trust-proxy, nothing outside --web', async () => {
  const srv = await startParleyd({ args: ['--trust-proxy', '127.0.0.1'] });
  const ngx = await startNginx(srv.port);
  try {
    const page = await fetch(ngx.url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<canvas/);
    assert.equal((await (await fetch(`${ngx.url}api/v1/event`)).json()).id.length > 0, true);
    // the .gz twin comes through as parleyd sent it
    const gz = await rawRequest(ngx.port, 'GET /page.js HTTP/1.1\r\nHost: kiosk.test\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    const direct = await (await fetch(`${srv.url}page.js`, { headers: { 'accept-encoding': 'identity' } })).text();
    assert.equal(gunzipSync(gz.body).toString(), direct);
    // an LZ4 upload goes through unchanged and is accepted
    const reg = newRegistration();
    const up = await fetch(`${ngx.url}api/v1/records`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson+lz4' }, body: lz4Frame(ndjson([reg])) });
    assert.deepEqual((await up.json()).accepted, [reg.id]);
    // over 2 MiB: nginx says 413 before parleyd sees it
    const big = await fetch(`${ngx.url}api/v1/records`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: Buffer.alloc(2 * 1024 * 1024 + 1, 0x20) });
    assert.equal(big.status, 413);
    // a kiosk at 127.0.0.2 through nginx (127.0.0.1, trusted): logged as 127.0.0.2, even
    // when it sends its own X-Forwarded-For (nginx appends the real peer after it)
    assert.match(await logged(srv, '/healthz', () => getFrom(`${ngx.url}healthz`, '127.0.0.2')), /^access \S+ 127\.0\.0\.2 GET/);
    assert.match(await logged(srv, '/healthz', () => getFrom(`${ngx.url}healthz`, '127.0.0.2', { 'x-forwarded-for': '203.0.113.9' })), /^access \S+ 127\.0\.0\.2 GET/);
    // straight to parleyd from an untrusted peer: the header is ignored
    assert.match(await logged(srv, '/healthz', () => getFrom(`${srv.url}healthz`, '127.0.0.2', { 'x-forwarded-for': '203.0.113.9' })), /^access \S+ 127\.0\.0\.2 GET/);
    // from a trusted peer, the rightmost hop that is not a trusted proxy
    assert.match(await logged(srv, '/healthz', () => getFrom(`${srv.url}healthz`, '127.0.0.1', { 'x-forwarded-for': '198.51.100.7, 203.0.113.5, 127.0.0.1' })), /^access \S+ 203\.0\.113\.5 GET/);
    assert.match(await logged(srv, '/healthz', () => getFrom(`${srv.url}healthz`, '127.0.0.1', { 'x-forwarded-for': '198.51.100.7, not-an-address' })), /^access \S+ 127\.0\.0\.1 GET/);
    // paths outside the web root, through the proxy
    for (const target of ['/../etc/passwd', '/%2e%2e/etc/passwd', '/..%2fetc%2fpasswd', '/%2e%2e%2f%2e%2e%2fetc/passwd', '//etc/passwd', '/etc/passwd', 'http://kiosk.test/../../etc/passwd']) {
      const r = await rawRequest(ngx.port, `GET ${target} HTTP/1.1\r\nHost: kiosk.test\r\nConnection: close\r\n\r\n`);
      assert.ok([400, 404].includes(r.status), `${target}: ${r.status}`);
      assert.doesNotMatch(r.body.toString(), /root:/, target);
    }
  } finally {
    await ngx.stop();
    assert.equal(await srv.stop(), 0);
  }
});

test('without --trust-proxy a spoofed X-Forwarded-For changes nothing; bad --trust-proxy values are refused', async () => {
  const srv = await startParleyd();
  try {
    assert.match(await logged(srv, '/healthz', () => fetch(`${srv.url}healthz`, { headers: { 'x-forwarded-for': '203.0.113.9' } })), /^access \S+ 127\.0\.0\.1 GET/);
  } finally {
    assert.equal(await srv.stop(), 0);
  }
  const trusted = await startParleyd({ args: ['--trust-proxy', '10.0.0.1,::1'] });  // loopback v4 is not among them
  try {
    assert.match(await logged(trusted, '/healthz', () => fetch(`${trusted.url}healthz`, { headers: { 'x-forwarded-for': '203.0.113.9' } })), /^access \S+ 127\.0\.0\.1 GET/);
  } finally {
    assert.equal(await trusted.stop(), 0);
  }
  const { runParleyd } = await import('../lib/parleyd.mjs');
  for (const bad of ['localhost', '10.0.0.0/8', '1.2.3.4,', 'x'.repeat(100)]) {
    const r = await runParleyd(['--port', '0', '--trust-proxy', bad]);
    assert.equal(r.code, 2, bad);
    assert.match(r.stderr, /--trust-proxy/);
  }
});
