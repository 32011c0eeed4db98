// sw.js — the service worker: Parley starts and works with no network. The app shell is
// precached per build (its cache is named by the build id); the current event is fetched
// fresh when the network answers and the last good copy is kept for when it does not.
// It never caches uploads or admin answers, and a new version waits to be let in by the page.
'use strict';

const BUILD = '__PARLEY_BUILD_ID__';
const SHELL_CACHE = 'parley-shell-' + BUILD;
const EVENT_CACHE = 'parley-event';
const SHELL = ['./', 'index.html', 'parley.css', 'parley.js', 'page.js', 'parley.wasm',
               'parley.deferred.wasm', 'lz4dict.bin', // the forms' code and the dictionary, fetched after the first frame
               'fonts/NotoSans-Regular.first.ttf', 'fonts/NotoSans-Bold.first.ttf', 'event.json',
               // the Latin and Russian interface faces, and the full Latin faces for any text beyond them
               'fonts/NotoSans-Regular.ui.ttf', 'fonts/NotoSans-Bold.ui.ttf',
               'fonts/NotoSans-Regular.ru.ttf', 'fonts/NotoSans-Bold.ru.ttf',
               'fonts/NotoSans-Regular.ttf', 'fonts/NotoSans-Bold.ttf',
               'manifest.webmanifest', 'icons/favicon-32.png', 'icons/apple-touch-icon-180.png',
               'icons/icon-192.png', 'icons/icon-512.png', 'icons/maskable-512.png',
               // the other languages' packs, so that switching to one works offline too
               'lang/ar.txt', 'lang/zh.txt', 'lang/fr.txt', 'lang/ru.txt', 'lang/es.txt'];
// Fetched by the page only when text needs them (the faces of other scripts, the shaping
// engine); kept here once fetched, and all of them on a kiosk.
const ON_DEMAND = ['shape.wasm', 'fonts/NotoSansArabic-Regular.ui.ttf', 'fonts/NotoSansArabic-Bold.ui.ttf',
                   'fonts/NotoSansArabic-Regular.ttf', 'fonts/NotoSansArabic-Bold.ttf',
                   'fonts/NotoSansCJKsc-Regular.ui.otf', 'fonts/NotoSansCJKsc-Regular.otf',
                   'pinyin.bin']; // the on-screen keyboard's pinyin candidates
const EVENT_TIMEOUT_MS = 4000;

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(SHELL_CACHE).then((c) => c.addAll(SHELL)));
});

self.addEventListener('activate', (e) => {
  e.waitUntil((async () => {
    for (const name of await caches.keys())
      if (name.startsWith('parley-shell-') && name !== SHELL_CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

// The page lets a waiting version in once no upload is in flight and nobody is mid-way.
self.addEventListener('message', (e) => {
  if (e.data === 'parley-take-over') self.skipWaiting();
  if (e.data === 'parley-keep-all') e.waitUntil(caches.open(SHELL_CACHE).then((c) => c.addAll(ON_DEMAND)));
});

async function eventNetworkFirst(request) {
  const cache = await caches.open(EVENT_CACHE);
  try {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), EVENT_TIMEOUT_MS);
    const response = await fetch(request, { signal: controller.signal, cache: 'no-store' });
    clearTimeout(timer);
    // the app's poll with If-None-Match: "unchanged" goes through as it came, one 304
    if (response.status === 304) return response;
    const type = response.headers.get('content-type') || '';
    // only a real event replaces the last good copy (not an error page or a captive portal)
    if (response.ok && type.includes('application/json')) {
      await cache.put(request, response.clone());
      return response;
    }
    const kept = await lastGoodEvent(cache, request);
    return kept || response;
  } catch (err) {
    const kept = await lastGoodEvent(cache, request);
    if (kept) return kept;
    throw err;
  }
}

// The whole event (the live poll's) before one language's copy of it (?lang=: a first
// screen's): it holds every translation, for a visitor who switches language offline.
async function lastGoodEvent(cache, request) {
  const whole = new URL(request.url);
  whole.search = '';
  return (await cache.match(whole.href)) || cache.match(request);
}

self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== self.location.origin) return;
  const path = url.pathname.replace(/^.*\/(api\/)/, '$1');
  if (path === 'api/v1/event' || url.pathname.endsWith('/api/v1/event')) {
    e.respondWith(eventNetworkFirst(e.request));
    return;
  }
  if (url.pathname.includes('/api/') || url.pathname.endsWith('/healthz')) return; // never cached
  e.respondWith((async () => {
    const cached = await caches.match(e.request, { ignoreSearch: true });
    if (cached) return cached;
    const response = await fetch(e.request);
    const file = url.pathname.slice(new URL(self.registration.scope).pathname.length);
    if (response.ok && ON_DEMAND.includes(file)) {
      const copy = response.clone();
      e.waitUntil(caches.open(SHELL_CACHE).then((c) => c.put(e.request, copy)));
    }
    return response;
  })());
});
