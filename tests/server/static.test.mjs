// static.test.mjs — the web build as static files: index, content types, precompressed .br and
// .gz variants, ETag revalidation, hidden files, and path traversal attempts sent as raw bytes
// (fetch would normalise them away) that must never leak a file outside --web.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';

import { rawRequest, startParleyd } from '../lib/parleyd.mjs';

const SECRET = 'TOP-SECRET-OUTSIDE-WEB-ROOT';
const INDEX = '<!doctype html><title>parley test</title><p>index</p>\n';
const SUB_INDEX = '<!doctype html><p>sub index</p>\n';
const A_JS = `console.log(${JSON.stringify('a'.repeat(200))});\n`;
const A_JS_GZ = gzipSync(Buffer.from(A_JS));
const B_JS = `console.log(${JSON.stringify('b'.repeat(300))});\n`;
const B_JS_GZ = gzipSync(Buffer.from(B_JS));
const B_JS_BR = brotliCompressSync(Buffer.from(B_JS));

let tmp;
let web;
let srv;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parleyd-static-'));
  web = join(tmp, 'web');
  await mkdir(join(web, 'sub'), { recursive: true });
  await writeFile(join(web, 'index.html'), INDEX);
  await writeFile(join(web, 'a.js'), A_JS);
  await writeFile(join(web, 'a.js.gz'), A_JS_GZ);
  await writeFile(join(web, 'b.js'), B_JS);
  await writeFile(join(web, 'b.js.gz'), B_JS_GZ);
  await writeFile(join(web, 'b.js.br'), B_JS_BR);
  await writeFile(join(web, 'sub', 'index.html'), SUB_INDEX);
  const typed = {
    'app.wasm': Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]),
    'mod.mjs': 'export {};\n',
    'data.json': '{"k":1}\n',
    'font.ttf': Buffer.from([0, 1, 0, 0]),
    'font.woff2': Buffer.from('wOF2'),
    'style.css': 'body{}\n',
    'img.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    'img.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    'notes.txt': 'plain\n',
    'app.webmanifest': '{}\n',
    'blob.bin': Buffer.from([1, 2, 3]),
  };
  for (const [name, content] of Object.entries(typed)) await writeFile(join(web, name), content);
  await writeFile(join(web, '.hidden'), SECRET);
  await writeFile(join(tmp, 'secret.txt'), SECRET);
  await symlink(join(tmp, 'secret.txt'), join(web, 'link-out.txt'));
  await symlink(tmp, join(web, 'dir-out'));
  await writeFile(join(web, 'empty.txt'), '');
  execFileSync('mkfifo', [join(web, 'pipe.txt')]); // opening it would block a reader forever
  srv = await startParleyd({ web });
});

after(async () => {
  const code = await srv?.stop();
  await rm(tmp, { recursive: true, force: true });
  assert.equal(code, 0);
});

// node:http sends exactly the headers given (fetch always adds Accept-Encoding).
function get(path, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: srv.port, path, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function assertJsonError(r, status) {
  assert.equal(r.status, status);
  assert.match(r.headers['content-type'], /^application\/json/);
  assert.equal(typeof JSON.parse(r.body.toString('utf8')).error, 'string');
}

test('GET / serves index.html with no-cache', async () => {
  const r = await get('/');
  assert.equal(r.status, 200);
  assert.equal(r.body.toString(), INDEX);
  assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(r.headers['cache-control'], 'no-cache');
  const direct = await get('/index.html');
  assert.equal(direct.body.toString(), INDEX);
});

// What the page's first frame fetches, named in a Link header for the language it will pick.
const preloads = (r) => (r.headers.link || '').split(', ').filter(Boolean).map((l) => {
  const m = /^<([^>]+)>; rel=preload; as=fetch; crossorigin$/.exec(l);
  assert.ok(m, `a preload as the page's fetch() asks: ${l}`);
  return m[1];
});
const LATIN_FIRST = ['fonts/NotoSans-Regular.first.ttf', 'fonts/NotoSans-Bold.first.ttf'];

test('the page names its first frame\'s files in a Link header, for the language it will pick', async () => {
  assert.deepEqual(preloads(await get('/')), [...LATIN_FIRST, 'api/v1/event?lang=en']);
  assert.deepEqual(preloads(await get('/', { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.8' })),
                   ['fonts/NotoSans-Regular.ru.ttf', 'fonts/NotoSans-Bold.ru.ttf', 'api/v1/event?lang=ru', 'lang/ru.txt']);
  // the lang parameter wins over the header, as on the page; a refused or unknown tag is skipped
  assert.deepEqual(preloads(await get('/?lang=ar', { 'accept-language': 'fr' })),
                   [...LATIN_FIRST, 'api/v1/event?lang=ar', 'lang/ar.txt', 'shape.wasm', 'fonts/NotoSansArabic-Regular.ui.ttf']);
  assert.deepEqual(preloads(await get('/index.html', { 'accept-language': 'de-DE, fr;q=0, zh-Hans-CN;q=0.5' })),
                   [...LATIN_FIRST, 'api/v1/event?lang=zh', 'lang/zh.txt', 'fonts/NotoSansCJKsc-Regular.ui.otf']);
  assert.deepEqual(preloads(await get('/?lang=xx', { 'accept-language': 'es;q=0.000, ES-mx' })),
                   [...LATIN_FIRST, 'api/v1/event?lang=es', 'lang/es.txt']);
  // the console takes the whole event and its code before it starts
  assert.deepEqual(preloads(await get('/?mode=console&lang=fr')),
                   [...LATIN_FIRST, 'api/v1/event', 'lang/fr.txt', 'parley.deferred.wasm']);
  // a revalidated page keeps its hint; other files, and other directories' pages, have none
  const first = await get('/');
  const again = await get('/', { 'if-none-match': first.headers.etag, 'accept-language': 'ru' });
  assert.equal(again.status, 304);
  assert.ok(preloads(again).includes('lang/ru.txt'));
  assert.equal((await get('/a.js')).headers.link, undefined);
  assert.equal((await get('/sub/')).headers.link, undefined);
  for (const hostile of ['x'.repeat(4000), ';;;', ',,,', ';q', 'ru;q', 'ru;q=', 'ru;q=0.', ' ; ,ru', 'r', 'ru-']) {
    const r = await get('/', { 'accept-language': hostile });
    assert.equal(r.status, 200, hostile);
    assert.equal(preloads(r).length >= 3, true, hostile);
  }
  assert.ok(preloads(await get('/', { 'accept-language': 'ru;q=0.' })).includes('api/v1/event?lang=en'), 'q=0. refuses');
  assert.ok(preloads(await get('/', { 'accept-language': 'ru-' })).includes('lang/ru.txt'));
});

test('a directory path ending in / serves its index.html', async () => {
  const r = await get('/sub/');
  assert.equal(r.status, 200);
  assert.equal(r.body.toString(), SUB_INDEX);
});

test('content types follow the extension', async () => {
  const want = {
    '/a.js': 'text/javascript; charset=utf-8',
    '/mod.mjs': 'text/javascript; charset=utf-8',
    '/app.wasm': 'application/wasm',
    '/data.json': 'application/json',
    '/font.ttf': 'font/ttf',
    '/font.woff2': 'font/woff2',
    '/style.css': 'text/css; charset=utf-8',
    '/img.png': 'image/png',
    '/img.svg': 'image/svg+xml',
    '/notes.txt': 'text/plain; charset=utf-8',
    '/app.webmanifest': 'application/manifest+json',
    '/blob.bin': 'application/octet-stream',
  };
  for (const [path, type] of Object.entries(want)) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    assert.equal(r.headers['content-type'], type, path);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', path);
  }
});

test('without gzip in Accept-Encoding the plain file is served', async () => {
  for (const ae of [undefined, 'br', 'identity', 'gzip;q=0', 'deflate, gzip;q=0.000']) {
    const r = await get('/a.js', ae ? { 'accept-encoding': ae } : {});
    assert.equal(r.status, 200, String(ae));
    assert.equal(r.headers['content-encoding'], undefined, String(ae));
    assert.equal(r.body.toString(), A_JS, String(ae));
    assert.equal(r.headers.vary, 'Accept-Encoding');
  }
});

test('with gzip in Accept-Encoding the .gz sibling is served as Content-Encoding: gzip', async () => {
  for (const ae of ['gzip', 'gzip, deflate, br', 'br;q=1.0, GZIP;q=0.5']) {
    const r = await get('/a.js', { 'accept-encoding': ae });
    assert.equal(r.status, 200, ae);
    assert.equal(r.headers['content-encoding'], 'gzip', ae);
    assert.equal(r.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(r.headers.vary, 'Accept-Encoding');
    assert.ok(r.body.equals(A_JS_GZ), ae);
    assert.equal(gunzipSync(r.body).toString(), A_JS);
  }
  // No sibling: plain file even when gzip is welcome.
  const plain = await get('/index.html', { 'accept-encoding': 'gzip' });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body.toString(), INDEX);
});

test('with br in Accept-Encoding the .br sibling is served as Content-Encoding: br, else gzip, else plain', async () => {
  for (const ae of ['br', 'gzip, deflate, br', 'BR;q=0.5, gzip', 'gzip;q=1.0, br;q=0.1']) {
    const r = await get('/b.js', { 'accept-encoding': ae });
    assert.equal(r.status, 200, ae);
    assert.equal(r.headers['content-encoding'], 'br', ae);
    assert.equal(r.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(r.headers.vary, 'Accept-Encoding');
    assert.ok(r.body.equals(B_JS_BR), ae);
    assert.equal(brotliDecompressSync(r.body).toString(), B_JS);
  }
  for (const ae of ['gzip', 'gzip, br;q=0', 'x-gzip, bro, brotli']) {
    const r = await get('/b.js', { 'accept-encoding': ae });
    assert.equal(r.headers['content-encoding'], 'gzip', ae);
    assert.ok(r.body.equals(B_JS_GZ), ae);
  }
  for (const ae of [undefined, 'identity', 'br;q=0', 'deflate']) {
    const r = await get('/b.js', ae ? { 'accept-encoding': ae } : {});
    assert.equal(r.headers['content-encoding'], undefined, String(ae));
    assert.equal(r.body.toString(), B_JS, String(ae));
  }
  // Without a .br sibling a client taking both gets gzip.
  const gz = await get('/a.js', { 'accept-encoding': 'br, gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.ok(gz.body.equals(A_JS_GZ));
  // Each variant has its own ETag and revalidates on its own.
  const tags = new Set();
  for (const ae of ['br', 'gzip', 'identity']) {
    const r = await get('/b.js', { 'accept-encoding': ae });
    tags.add(r.headers.etag);
    const again = await get('/b.js', { 'accept-encoding': ae, 'if-none-match': r.headers.etag });
    assert.equal(again.status, 304, ae);
  }
  assert.equal(tags.size, 3, 'plain, gzip and brotli variants have distinct ETags');
});

test('ETag revalidation answers 304 without a body', async () => {
  const first = await get('/a.js');
  const etag = first.headers.etag;
  assert.ok(etag, 'an ETag is sent');
  const again = await get('/a.js', { 'if-none-match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  const gz = await get('/a.js', { 'accept-encoding': 'gzip' });
  assert.notEqual(gz.headers.etag, etag, 'the gzip variant has its own ETag');
  const stale = await get('/a.js', { 'if-none-match': '"something-else"' });
  assert.equal(stale.status, 200);
});

test('HEAD on a static file sends headers only', async () => {
  const r = await rawRequest(srv.port, 'HEAD / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n');
  assert.equal(r.status, 200);
  assert.equal(Number(r.headers['content-length']), Buffer.byteLength(INDEX));
  assert.equal(r.body.length, 0);
});

test('missing files, hidden files and directories without a slash are 404 JSON', async () => {
  for (const path of ['/missing.js', '/.hidden', '/sub', '/sub/missing/', '/a.js/', '//a.js']) {
    assertJsonError(await get(path), 404);
  }
});

test('an empty file is served; a FIFO is refused without hanging', async () => {
  const empty = await get('/empty.txt');
  assert.equal(empty.status, 200);
  assert.equal(empty.headers['content-length'], '0');
  assert.equal(empty.body.length, 0);
  const r = await rawRequest(srv.port, 'GET /pipe.txt HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n', { timeoutMs: 3000 });
  assert.equal(r.status, 404);
  assert.equal((await get('/')).status, 200, 'the server still answers');
});

test('symlinks leading outside --web are not followed', async () => {
  for (const path of ['/link-out.txt', '/dir-out/secret.txt']) {
    const r = await get(path);
    assertJsonError(r, 404);
    assert.ok(!r.body.toString().includes(SECRET));
  }
});

test('other methods on static paths are 405 with Allow', async () => {
  const r = await get('/index.html', { 'content-length': '0' }, 'DELETE');
  assertJsonError(r, 405);
  assert.equal(r.headers.allow, 'GET, HEAD');
});

test('path traversal attempts never leak a file outside --web', async () => {
  const targets = [
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/.%2e/secret.txt',
    '/a/%2e%2e/%2e%2e/etc/passwd',
    '/sub/../../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/sub/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..\\secret.txt',
    '/%5c..%5csecret.txt',
    '/index.html%00.png',
    '/%00',
    '/sub/%00/../../secret.txt',
    '/./index.html',
    '/%2fetc/passwd',
    '//etc/passwd',
    '/dir-out/../secret.txt',
    'secret.txt',
    '../secret.txt',
    `/${'../'.repeat(20)}etc/passwd`,
    `http://127.0.0.1:${0}/../secret.txt`,
  ];
  for (const target of targets) {
    const r = await rawRequest(srv.port, `GET ${target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n`);
    const text = r.raw.toString('latin1');
    assert.ok([400, 404].includes(r.status), `${target}: status ${r.status}`);
    assert.ok(!text.includes(SECRET), `${target} leaked the secret`);
    assert.ok(!/root:.*:0:0:/.test(text), `${target} leaked /etc/passwd`);
    assert.equal(typeof JSON.parse(r.body.toString('utf8')).error, 'string', target);
  }
  // And the server is still fine.
  assert.equal((await get('/')).status, 200);
});

test('without a web directory every static path is a 404 JSON error', async () => {
  const s = await startParleyd({ web: join(tmp, 'no-such-web') });
  try {
    assert.match(s.stderr(), /web directory/);
    const r = await fetch(s.url);
    assert.equal(r.status, 404);
    assert.equal(typeof (await r.json()).error, 'string');
    assert.equal((await fetch(`${s.url}healthz`)).status, 200);
  } finally {
    assert.equal(await s.stop(), 0);
  }
});
