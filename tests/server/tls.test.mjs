// tls.test.mjs — parleyd's own HTTPS: a CA and certificates made here with openssl; TLS 1.2
// and 1.3 served, 1.0 and 1.1 refused; missing, unreadable, garbage and mismatched files
// refused at start with a clear message; SIGHUP loads a new certificate while an open
// connection goes on (and a bad new pair keeps the old one); the plain-HTTP listener sends
// everyone to https and refuses a bad Host.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, copyFile, mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { request, Agent } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawRequest, runParleyd, startParleyd } from '../lib/parleyd.mjs';
import { makeCA, makeLeaf } from '../lib/testca.mjs';
import { assertSecurityHeaders } from './sechdr.mjs';

let dir;
const f = (name) => join(dir, name);

/** GET over TLS trusting only the test CA; resolves { status, headers, body, cn, protocol, reused }. */
function get(port, path, { agent = false, headers = {} } = {}) {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port, path, servername: 'localhost', ca: readFileSync(f('ca.crt')),
      agent, headers }, (r) => {
      const cn = r.socket.getPeerCertificate().subject?.CN;
      const protocol = r.socket.getProtocol();
      const chunks = [];
      r.on('data', (d) => chunks.push(d));
      r.on('end', () => res({ status: r.statusCode, headers: r.headers, body: Buffer.concat(chunks).toString(),
        cn, protocol, reused: req.reusedSocket }));
    });
    req.on('error', rej);
    req.end();
  });
}

function handshake(port, version) {
  return new Promise((res) => {
    const s = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ca: readFileSync(f('ca.crt')),
      minVersion: version, maxVersion: version }, () => { res(s.getProtocol()); s.end(); });
    s.on('error', (e) => res(`error: ${e.code}`));
  });
}

let srv;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-tls-'));
  makeCA(dir);
  makeLeaf(dir, 'one', 'parley-one');
  makeLeaf(dir, 'two', 'parley-two');
  await copyFile(f('one.crt'), f('live.crt'));
  await copyFile(f('one.key'), f('live.key'));
  srv = await startParleyd({ args: ['--tls-cert', f('live.crt'), '--tls-key', f('live.key'), '--redirect-http', '0'] });
});
after(async () => {
  assert.equal(await srv?.stop(), 0);
  await rm(dir, { recursive: true, force: true });
});

test('HTTPS with TLS 1.2 and 1.3; HSTS and the security headers; TLS 1.0 and 1.1 refused', async () => {
  assert.match(srv.url, /^https:\/\/127\.0\.0\.1:\d+\/$/);
  assert.match(srv.stdout(), /parleyd: TLS certificate CN=parley-one, valid until \d{4}-\d\d-\d\d\n/);
  const r = await get(srv.port, '/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.body, '{"ok":true}');
  assertSecurityHeaders(r.headers, { hsts: true });
  assert.equal(await handshake(srv.port, 'TLSv1.2'), 'TLSv1.2');
  assert.equal(await handshake(srv.port, 'TLSv1.3'), 'TLSv1.3');
  for (const flag of ['-tls1_1', '-tls1']) {
    // SECLEVEL=0 so that the client really offers the old version: the refusal is the server's
    const s = spawnSync('openssl', ['s_client', '-connect', `127.0.0.1:${srv.port}`, flag, '-cipher', 'DEFAULT:@SECLEVEL=0'],
      { input: '', encoding: 'utf8', timeout: 5000 });
    assert.notEqual(s.status, 0, `${flag} was accepted:\n${s.stdout}`);
    assert.doesNotMatch(s.stdout, /Cipher is (?!\(NONE\))/);
  }
  // plain HTTP on the TLS port is not served
  const plain = await rawRequest(srv.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', { timeoutMs: 2000 });
  assert.notEqual(plain.status, 200);
});

test('SIGHUP loads a new certificate; an open connection goes on; a bad new pair keeps the old one', async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await get(srv.port, '/healthz', { agent });
    assert.equal(first.cn, 'parley-one');
    await copyFile(f('two.crt'), f('live.crt'));
    await copyFile(f('two.key'), f('live.key'));
    process.kill(srv.pid, 'SIGHUP');
    const deadline = Date.now() + 5000;
    while (!/SIGHUP: TLS certificate reloaded: CN=parley-two/.test(srv.stderr()) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    assert.match(srv.stderr(), /SIGHUP: TLS certificate reloaded: CN=parley-two/);
    const onOld = await get(srv.port, '/api/v1/event', { agent });  // the same connection, still served
    assert.equal(onOld.status, 200);
    assert.equal(onOld.reused, true);
    assert.equal(onOld.cn, 'parley-one');
    const fresh = await get(srv.port, '/healthz');
    assert.equal(fresh.cn, 'parley-two');
    // a key that does not go with the certificate: logged, the old pair stays
    await copyFile(f('one.key'), f('live.key'));
    process.kill(srv.pid, 'SIGHUP');
    while (!/certificate not reloaded/.test(srv.stderr()) && Date.now() < deadline + 5000)
      await new Promise((r) => setTimeout(r, 50));
    assert.match(srv.stderr(), /SIGHUP: certificate not reloaded, the old one stays: --tls-key \S+ does not go with --tls-cert \S+: the private key does not match the certificate/);
    assert.equal((await get(srv.port, '/healthz')).cn, 'parley-two');
  } finally {
    agent.destroy();
  }
});

test('the plain-HTTP listener answers 308 to https on the TLS port, same path and query; a bad Host is 400', async () => {
  const port = Number(/redirecting http:\/\/127\.0\.0\.1:(\d+)\/ to https/.exec(srv.stdout())[1]);
  const r = await rawRequest(port, 'GET /api/v1/event?lang=fr&x=%20 HTTP/1.1\r\nHost: kiosk.test:8080\r\n\r\n');
  assert.equal(r.status, 308);
  assert.equal(r.headers.location, `https://kiosk.test:${srv.port}/api/v1/event?lang=fr&x=%20`);
  assertSecurityHeaders(r.headers, { hsts: false });
  const v6 = await rawRequest(port, 'HEAD / HTTP/1.1\r\nHost: [::1]\r\n\r\n');
  assert.equal(v6.headers.location, `https://[::1]:${srv.port}/`);
  for (const host of ['evil.example/x', 'a b', '', '[::1', 'host:99999x', 'host:1:2', '-bad.example', 'a..b', '"x"']) {
    const bad = await rawRequest(port, `GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    assert.equal(bad.status, 400, `Host: ${host}`);
    assert.equal(bad.headers.location, undefined);
    assertSecurityHeaders(bad.headers, { hsts: false });
  }
  const noHost = await rawRequest(port, 'GET / HTTP/1.0\r\n\r\n');
  assert.equal(noHost.status, 400);
});

test('missing, unreadable, garbage and mismatched certificate files are refused at start', async () => {
  const cases = [
    [[f('nope.crt'), f('one.key')], /--tls-cert \S+nope\.crt: No such file or directory/],
    [[f('one.crt'), f('nope.key')], /--tls-key \S+nope\.key: No such file or directory/],
    [[dir, f('one.key')], /--tls-cert \S+: Is a directory/],
    [[f('one.key'), f('one.key')], /--tls-cert \S+: not a PEM certificate/],
    [[f('one.crt'), f('one.crt')], /--tls-key \S+: not an unencrypted PEM private key/],
    [[f('one.crt'), f('two.key')], /--tls-key \S+two\.key does not go with --tls-cert \S+one\.crt: the private key does not match the certificate/],
  ];
  await writeFile(f('empty.crt'), '');
  cases.push([[f('empty.crt'), f('one.key')], /--tls-cert \S+empty\.crt: empty file/]);
  for (const [[cert, key], message] of cases) {
    const r = await runParleyd(['--port', '0', '--data', join(dir, 'data'), '--tls-cert', cert, '--tls-key', key]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stdout, /listening/);
  }
  const half = await runParleyd(['--port', '0', '--tls-cert', f('one.crt')]);
  assert.equal(half.code, 2);
  assert.match(half.stderr, /--tls-cert and --tls-key go together/);
  const redirect = await runParleyd(['--port', '0', '--redirect-http', '0']);
  assert.equal(redirect.code, 2);
  assert.match(redirect.stderr, /--redirect-http needs --tls-cert and --tls-key/);
  await mkdir(join(dir, 'data'), { recursive: true });
});
