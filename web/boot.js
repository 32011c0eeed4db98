// boot.js — starts Parley: fetches the wasm, fonts and event in parallel, boots the C kiosk,
// and keeps this tab's outbox in step with the device's storage and its other tabs. Thin:
// it moves bytes and events; what waits, who uploads and what a status means are decided in C.
'use strict';
(() => {
  // Start-up phases end in performance marks (`make bench` reads them; C adds its own).
  const mark = (name) => { try { performance.mark(name); } catch (e) { /* no timing API */ } };
  mark('parley-boot-js');
  const params = new URLSearchParams(location.search);
  const kiosk = params.get('mode') === 'kiosk';
  const consoleMode = params.get('mode') === 'console'; // the secretariat's moderation console
  const supported = ParleyConst.languages;
  const pickLang = () => {
    const wanted = [params.get('lang'), ...(navigator.languages || [navigator.language])].filter(Boolean);
    for (const tag of wanted) {
      const primary = tag.toLowerCase().split(/[-_]/)[0];
      if (supported.includes(primary)) return primary;
    }
    return 'en';
  };
  const lang = pickLang();
  document.documentElement.lang = lang;

  const loading = document.getElementById('loading');
  const bar = document.querySelector('#loading .track');
  const fill = document.querySelector('#loading .fill');
  const loadingText = document.getElementById('loading-text');
  if (lang === 'fr') { loadingText.textContent = 'Chargement de Parley…'; bar.setAttribute('aria-label', 'Chargement de Parley'); }

  // Progress over every byte the first frame needs. With gzip the header gives compressed
  // sizes, so totals are estimates that only ever grow; the bar never goes backwards.
  const parts = new Map();
  // The loading screen appears only if the start takes longer than a quarter second (or
  // fails), and its bar is written once per animation frame at most, never while hidden: its
  // text, bar and every write are style, layout and paint passes on the main thread, which
  // the compile and the boot also need, and a start that fast has no use for them.
  const PROGRESS_AFTER_MS = 250;
  const writeProgress = () => {
    let got = 0, want = 0;
    for (const p of parts.values()) { got += p.got; want += Math.max(p.want, p.got); }
    const pct = want ? Math.min(100, Math.round((got / want) * 100)) : 0;
    fill.style.width = pct + '%';
    bar.setAttribute('aria-valuenow', String(pct));
  };
  const revealLoading = setTimeout(() => { loading.hidden = false; writeProgress(); },
                                   Math.max(0, PROGRESS_AFTER_MS - performance.now()));
  let progressQueued = false;
  const showProgress = () => {
    if (progressQueued || loading.hidden) return;
    progressQueued = true;
    requestAnimationFrame(() => { progressQueued = false; writeProgress(); });
  };
  const fetchChecked = async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response;
  };
  const fetchTracked = async (url, estimate, done) => {
    const part = { got: 0, want: estimate };
    parts.set(url, part);
    return readTracked(await fetchChecked(url), part, done);
  };
  // Reads a response's body into one array, counting its bytes for the bar; marks `done`.
  // With `keep` false it only counts (the body goes to the compiler by another path).
  const readTracked = async (response, part, done, keep = true) => {
    const length = Number(response.headers.get('content-length')) || 0;
    const coded = (response.headers.get('content-encoding') || '').includes('gzip');
    part.want = Math.max(part.want, coded ? length * 3 : length);
    const reader = response.body.getReader();
    const chunks = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (keep) chunks.push(value);
      part.got += value.length;
      showProgress();
    }
    part.want = part.got;
    showProgress();
    if (!keep) { if (done) mark(done); return null; }
    const bytes = new Uint8Array(part.got);
    let at = 0;
    for (const c of chunks) { bytes.set(c, at); at += c.length; }
    if (done) mark(done);
    return bytes;
  };
  // The server's current event, in the page's language only (the live poll brings the whole
  // event right after the first frame; the console takes it whole); a static host has only
  // the copy next to the page.
  const fetchEvent = async () => {
    const url = consoleMode ? 'api/v1/event' : `api/v1/event?lang=${encodeURIComponent(lang)}`;
    try { return { name: 'api/v1/event', bytes: await fetchTracked(url, 8000, 'parley-event-fetched') }; }
    catch (e) { return { name: 'event.json', bytes: await fetchTracked('event.json', 8000, 'parley-event-fetched') }; }
  };

  // The faces of other scripts and the shaping engine (shape.wasm) come when text needs them:
  // C asks through fontWant and shaperRequest. An Arabic or Chinese visitor needs them for the
  // first frame, so theirs start now, beside the wasm. Steps per group: the interface's face
  // (Arabic bold right after it), then the larger face, only for text beyond the first.
  const G = ParleyConst.textGroup, S = ParleyConst.textStyle;
  // Latin: an English, French or Spanish page starts with the faces of what those interfaces
  // and the event show (and ASCII), a Russian page with its own interface faces (Latin-1 and
  // its Cyrillic); the interface faces (Latin-1) and then the full faces (Latin Extended,
  // all of Cyrillic) come for text beyond them.
  const latinFaces = (kind) => [[`NotoSans-Regular${kind}.ttf`, S.REGULAR], [`NotoSans-Bold${kind}.ttf`, S.BOLD]];
  const latinFirst = latinFaces(lang === 'ru' ? '.ru' : '.first');
  const FACE_STEPS = {
    [G.LATIN]: lang === 'ru' ? [latinFaces('')] : [latinFaces('.ui'), latinFaces('')],
    [G.ARABIC]: [[['NotoSansArabic-Regular.ui.ttf', S.REGULAR]], [['NotoSansArabic-Bold.ui.ttf', S.BOLD]],
                 [['NotoSansArabic-Regular.ttf', S.REGULAR], ['NotoSansArabic-Bold.ttf', S.BOLD]]],
    [G.CJK]: [[['NotoSansCJKsc-Regular.ui.otf', S.REGULAR]], [['NotoSansCJKsc-Regular.otf', S.REGULAR]]],
  };
  // steps fetched, once the one before has arrived, right after the first final frame (Arabic
  // bold: headings are drawn in the regular face until it comes)
  const FOLLOWS = { [G.ARABIC]: [1] };
  let firstFrameDrawn = false;
  const followUps = [];
  const fetchBytes = async (url) => new Uint8Array(await (await fetchChecked(url)).arrayBuffer());
  const faceState = {};      // group -> { next: step to fetch, busy, arrived: [[bytes, style]...] }
  let deliverFaces = null;   // set once C runs: hands arrived faces over
  const fetchStep = (group) => {
    const st = faceState[group] || (faceState[group] = { next: 0, busy: false, arrived: [] });
    const steps = FACE_STEPS[group];
    // faces that came before C asked: handed over soon (never from inside C's call)
    if (st.arrived.length) { if (deliverFaces) setTimeout(() => deliverFaces(group), 0); return true; }
    if (!steps || st.busy || st.next >= steps.length) return st.busy;
    const step = st.next++;
    st.busy = true;
    Promise.all(steps[step].map(([file, style]) => fetchBytes('fonts/' + file).then((b) => [b, style])))
      .then((faces) => {
        st.busy = false;
        st.arrived.push(...faces);
        if ((FOLLOWS[group] || []).includes(st.next)) {
          if (firstFrameDrawn) fetchStep(group); else followUps.push(group);
        }
        if (deliverFaces) deliverFaces(group);
      }, (err) => {
        console.warn('parley: a face is unavailable, that script is drawn as it can be:', err);
        st.busy = false;
        st.next = steps.length;
        if (mod) mod._parley_text_changed(0);
      });
    return true;
  };
  // Every step of a group, one after the other (those already fetched are skipped).
  const fetchAllSteps = (group) => {
    const st = faceState[group];
    if (st && !st.busy && st.next >= FACE_STEPS[group].length) return;
    if (!st || !st.busy) fetchStep(group);
    setTimeout(() => fetchAllSteps(group), 250);
  };
  const shaper = { state: 0, exports: null }; // states as in web.c: absent, loading, ready, failed
  const loadShaper = () => {
    if (shaper.state === 1 || shaper.state === 2) return true;
    if (shaper.state === 3) return false;
    shaper.state = 1;
    const imports = { env: { emscripten_notify_memory_growth() {} } };
    fetchBytes('shape.wasm').then((bytes) => WebAssembly.instantiate(bytes, imports)).then(({ instance }) => {
      const e = instance.exports;
      if (e._initialize) e._initialize();
      if (!e.shape_init()) throw new Error('shape.wasm: out of memory');
      shaper.exports = e;
      shaper.state = 2;
      if (mod) mod._parley_text_changed(1);
    }).catch((err) => {
      console.warn('parley: the shaping engine is unavailable:', err);
      shaper.state = 3;
      if (mod) mod._parley_text_changed(0);
    });
    return true;
  };
  // What is fetched from here to the first frame, parleyd names in the page's Link header
  // (src/server/webroot.c, webroot_page_preloads), so it is on its way before this runs; a
  // change here changes it there (tests/browser/languages.test.mjs checks that they agree).
  if (lang === 'ar') { loadShaper(); fetchStep(G.ARABIC); }
  if (lang === 'zh') fetchStep(G.CJK);

  // The wasm compiles while it downloads (streaming compilation); a clone of the response
  // feeds the progress bar. A server that does not say application/wasm gets the slow path.
  const wasm = (async () => {
    const part = { got: 0, want: 600000 };
    parts.set('parley.wasm', part);
    const response = await fetchChecked('parley.wasm');
    const type = response.headers.get('content-type') || '';
    if (!WebAssembly.compileStreaming || !type.startsWith('application/wasm'))
      return WebAssembly.compile(await readTracked(response, part, 'parley-wasm-fetched'));
    const [module] = await Promise.all([WebAssembly.compileStreaming(response.clone()),
                                        readTracked(response, part, 'parley-wasm-fetched', false)]);
    return module;
  })().then((module) => { mark('parley-wasm-compiled'); return module; });
  const fonts = Promise.all(latinFirst.map(([file]) => fetchTracked('fonts/' + file, 30000)))
    .then((both) => { mark('parley-fonts-fetched'); return both; });
  const event = fetchEvent();
  // A language other than English: its pack (messages, country names) comes with the wasm,
  // so the first frame is already in it; null if it cannot be had (C then starts in English).
  const fetchLang = (tag) => fetch(`lang/${tag}.txt`)
    .then((r) => (r.ok ? r.arrayBuffer() : null))
    .then((b) => (b ? new Uint8Array(b) : null), () => null);
  const langPack = lang !== 'en' ? fetchLang(lang) : Promise.resolve(null);

  const fail = (err) => {
    console.error(err);
    clearTimeout(revealLoading);
    loading.hidden = false;
    loadingText.className = 'error';
    loadingText.setAttribute('role', 'alert');
    loadingText.textContent = (lang === 'fr' ? 'Parley n’a pas pu démarrer : ' : 'Parley could not start: ') + err.message;
  };

  const idle = Math.max(0, Math.min(1e6, parseInt(params.get('idle') || '0', 10) || 0)); // C clamps it
  // This device's id; a remote participant's registration stays on their own device only.
  const saved = (key, value) => {
    try {
      if (value === undefined) return localStorage.getItem(key);
      if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
    } catch (e) { /* storage disabled: the kiosk still works, it just forgets */ }
    return null;
  };
  const device = saved('parley.device') || ''; // "" at the first visit: C makes one
  const remembered = kiosk || consoleMode ? '' : (saved('parley.registration') || '');
  const store = ParleyStore.open().then((db) => { mark('parley-store-open'); return db; }).catch((err) => { console.error('parley: storage unavailable:', err); return null; });

  // What a plain-HTTP address (not a secure context) lacks: service workers, hence offline
  // start, and persistent storage. IndexedDB, BroadcastChannel and uploads work there.
  const offlineStart = window.isSecureContext && 'serviceWorker' in navigator;

  let frames = 0;
  let mod = null;
  let pendingChanges = [];
  // A new version of the app waits until no upload (no plain request) is in flight, then
  // takes over.
  let waitingWorker = null;
  const letNewVersionIn = () => {
    if ((mod && mod['httpBusy']) || !waitingWorker) return;
    waitingWorker.postMessage('parley-take-over');
    waitingWorker = null;
  };

  const cString = (s) => {
    const b = new TextEncoder().encode(s);
    const p = mod._malloc(b.length + 1);
    mod.HEAPU8.set(b, p);
    mod.HEAPU8[p + b.length] = 0;
    return p;
  };
  // Hands one stored entry to a C call (id, blob, blob length, state, reason) and frees the
  // copies after it; returns what the call returned.
  const withStoredEntry = (entry, call) => {
    const blob = entry.blob instanceof Uint8Array ? entry.blob : new Uint8Array(0);
    const id = cString(String(entry.id)), reason = cString(String(entry.reason || ''));
    const p = mod._malloc(blob.length + 1);
    mod.HEAPU8.set(blob, p);
    try {
      return call(id, p, blob.length, entry.state | 0, reason);
    } finally {
      mod._free(p); mod._free(id); mod._free(reason);
    }
  };

  // The LZ4 dictionary, fetched once the first frame is up: C checks it and then compresses
  // with it; a sync pass then takes in the stored records that need it (C left them alone
  // till now). Without it records are stored without a dictionary; it is asked for again
  // with each wake-up until it comes (a record is never lost for it, only waits).
  let dictReady = null;
  const loadDict = (m) => {
    if (dictReady) return dictReady;
    dictReady = (async () => {
      const response = await fetchChecked('lz4dict.bin');
      const bytes = new Uint8Array(await response.arrayBuffer());
      const p = m._malloc(bytes.length + 1);
      m.HEAPU8.set(bytes, p);
      const ok = m._parley_dict_data(p, bytes.length);
      m._free(p);
      if (!ok) throw new Error('lz4dict.bin is not this build\'s dictionary');
      window.parleyDict = true;
      sync();
    })().catch((err) => {
      console.warn('parley: the LZ4 dictionary is unavailable for now:', err);
      dictReady = null;
    });
    return dictReady;
  };

  // The code split from parley.wasm at build time (core/deferred.h): the participant's forms
  // and keyboard, the compressors, the console and the QR code maker. Fetched once the first
  // frame is up, or before C starts in console mode; instantiating it fills in its functions.
  // Until it is in, the forms say they are loading and the outbox waits; a failed fetch is
  // tried again when the network comes back and every little while (the service worker keeps
  // it for later visits); the console cannot start without it.
  let deferredModule = null, deferredLoad = null, deferredRetry = 0;
  const fetchDeferred = () => deferredLoad || (deferredLoad = fetchChecked('parley.deferred.wasm')
    .then((response) => response.arrayBuffer()).then((bytes) => WebAssembly.compile(bytes))
    .catch((err) => { deferredLoad = null; throw err; }));
  const loadDeferred = async (m) => {
    try {
      deferredModule = await fetchDeferred();
      await WebAssembly.instantiate(deferredModule, { primary: m.asm });
      m._parley_deferred_ready();
      window.parleyDeferred = true;
      if (mod) sync();
      return true;
    } catch (err) {
      console.warn('parley: the rest of the code is not here yet:', err);
      if (!consoleMode) {
        const again = () => { window.removeEventListener('online', again); clearTimeout(timer); loadDeferred(m); };
        const timer = setTimeout(again, Math.min(30000, 2000 << Math.min(deferredRetry++, 4)));
        window.addEventListener('online', again);
      }
      return false;
    }
  };
  if (consoleMode) fetchDeferred(); // the console's code: beside the wasm

  // Hands a language pack (or its absence: null) to C, which checks it before using it.
  const giveLang = (m, tag, bytes) => {
    const t = cString(tag);
    const p = bytes ? m._malloc(bytes.length + 1) : 0;
    if (p) m.HEAPU8.set(bytes, p);
    try {
      return m._parley_lang_data(t, p, p ? bytes.length : 0);
    } finally {
      if (p) m._free(p);
      m._free(t);
    }
  };

  // --- the device's outbox, shared by its tabs -------------------------------------------
  // Storage is the truth: a sync pass hands C everything stored (core/outbox.h, "other tabs"),
  // so every tab counts the same records whichever tab stored or uploaded them. Passes run at
  // start, when another tab says it changed storage, and when this tab wakes up.
  const channel = 'BroadcastChannel' in window ? new BroadcastChannel('parley-device') : null;
  let syncing = null, syncAgain = false;
  const syncOnce = async () => {
    const db = await store;
    if (!db || !mod || !window.parleyDeferred) return; // C checks each record with that code: loadDeferred syncs
    const epoch = mod._parley_sync_begin(); // before the read: what is added meanwhile stays
    const [entries, last] = await Promise.all([db.all(), db.lastUpload()]);
    for (const entry of entries)
      withStoredEntry(entry, (id, blob, len, state, reason) => mod._parley_sync_entry(epoch, id, blob, len, state, reason));
    mod._parley_sync_end(epoch, last);
  };
  const sync = () => {
    if (syncing) { syncAgain = true; return syncing; }
    syncing = (async () => {
      do {
        syncAgain = false;
        try { await syncOnce(); } catch (err) { console.warn('parley: reading the device storage failed:', err); }
      } while (syncAgain);
      syncing = null;
    })();
    return syncing;
  };
  const tellOtherTabs = (message) => { if (channel) channel.postMessage(message); };
  store.then((db) => { if (db) db.onCommit = () => tellOtherTabs({ changed: true }); });

  // One uploader per device: the tab holding the upload lease (core/lease.h decides; the
  // claim is one storage transaction, so it works where Web Locks do not exist).
  let tabId = '', leaseTimer = 0, holding = false;
  const released = new Set(); // tabs that said they went away
  const claimLease = async () => {
    clearTimeout(leaseTimer);
    const db = await store;
    if (!db || !mod) return;
    let until = 0;
    try {
      until = await db.claimLease(tabId, (owner, expires) => {
        const p = cString(owner);
        // a tab that went away says so through the channel and, for tabs that start later
        // (a reload), in localStorage, whose writes survive the unload that IndexedDB's may not
        const gone = released.has(owner) || saved('parley.lease.released') === owner;
        const r = mod._parley_lease_claim(p, expires, gone ? 1 : 0);
        mod._free(p);
        return r;
      });
    } catch (err) {
      console.warn('parley: the upload lease could not be claimed:', err);
    }
    if (until > 0 && !holding) await sync(); // a new uploader first takes in what others did
    holding = until > 0;
    const next = mod._parley_lease_set(until);
    leaseTimer = setTimeout(claimLease, next);
  };
  if (channel) {
    channel.onmessage = (e) => {
      const m = e.data || {};
      if (m.changed) sync();
      if (typeof m.released === 'string') { released.add(m.released); claimLease(); }
    };
  }
  // A tab in the background or frozen catches up when it wakes.
  const wake = () => {
    if (!mod || document.visibilityState === 'hidden') return;
    if (!window.parleyDict) loadDict(mod);
    sync();
    claimLease();
  };
  document.addEventListener('visibilitychange', wake);
  document.addEventListener('resume', wake);
  window.addEventListener('pageshow', (e) => { if (e.persisted) wake(); });
  window.addEventListener('pagehide', (e) => {
    if (e.persisted || !mod || !holding) return;
    // best effort: the message reaches the other tabs at once; the lease also expires by itself
    store.then((db) => db && db.releaseLease(tabId)).catch(() => {});
    saved('parley.lease.released', tabId);
    tellOtherTabs({ released: tabId });
    holding = false;
  });

  // The status line: what only the browser knows (the outbox in C knows the rest).
  let persistRefused = !(navigator.storage && navigator.storage.persist);
  const reportStatus = () => {
    if (mod) mod._parley_set_status(navigator.onLine ? 0 : 1, persistRefused ? 1 : 0, offlineStart ? 0 : 1);
  };
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persisted().then((already) => already || navigator.storage.persist())
      .then((granted) => { persistRefused = !granted; reportStatus(); }, () => {});
  }
  window.addEventListener('online', reportStatus);
  window.addEventListener('offline', reportStatus);
  const mirror = new ParleyMirror(document.getElementById('mirror'), {
    pointer: (kind, x, y) => mod && mod._parley_pointer(kind, x, y),
    activate: (id) => mod && mod._parley_activate(id),
    focus: (id, visible) => mod && mod._parley_focus(id, visible),
    edit: (id, value, anchor, caret) => {
      if (!mod) return;
      const bytes = new TextEncoder().encode(value); // lone surrogates become U+FFFD here
      const p = mod._malloc(bytes.length + 1);
      mod.HEAPU8.set(bytes, p);
      mod._parley_edit(id, p, bytes.length, anchor, caret);
      mod._free(p);
    },
    scrollTo: (y) => mod && mod._parley_scroll_to(y),
    // an input method starts composing: on a Chinese page, the full Chinese face comes now,
    // before the candidates it offers are committed
    composing: () => { if (lang === 'zh') fetchAllSteps(G.CJK); },
  }, { kiosk });
  // Keys reach C through the DOM: Tab moves through the mirror natively; scrolling keys with
  // nothing focused scroll the screen; Escape closes the keyboard or the countdown.
  const K = ParleyConst.key;
  const keyCodes = { PageDown: K.PAGE_DOWN, PageUp: K.PAGE_UP, Home: K.HOME, End: K.END, ArrowDown: K.DOWN,
                     ArrowUp: K.UP, ' ': K.SPACE, Escape: K.ESCAPE };
  // The console's moderator keys (J, K, P, W, U, 1-5) reach C from anywhere but a text field;
  // Enter in a one-line field is passed on too (it signs in).
  const inField = (el) => el && (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && el.type !== 'button'));
  document.addEventListener('keydown', (e) => {
    const active = document.activeElement;
    if (consoleMode && mod && !e.ctrlKey && !e.metaKey && !e.altKey) {
      if (e.key.length === 1 && /[0-9a-z]/i.test(e.key) && !inField(active)) {
        if (mod._parley_shortcut(e.key.charCodeAt(0))) e.preventDefault();
        return;
      }
      if (e.key === 'Enter' && active && active.tagName === 'INPUT') { mod._parley_key(K.ENTER, 0); return; }
    }
    const idle = !active || active === document.body;
    const code = keyCodes[e.key];
    if (!mod || code === undefined || (!idle && e.key !== 'Escape')) return;
    e.preventDefault();
    mod._parley_key(code, e.shiftKey ? 1 : 0);
  });
  createParley({
    canvas: document.getElementById('canvas'),
    // what waits until the first frame is shown: the requests C makes while it draws it
    // (parley_lib.js) and the mirror's font face
    untilFirstFrame: [],
    instantiateWasm(imports, receive) {
      wasm.then((module) => WebAssembly.instantiate(module, imports).then((instance) => {
        mark('parley-wasm-instantiated');
        receive(instance, module);
      })).catch(fail);
      return {};
    },
    // the page's language and direction, then the nodes (each in another language carries its own)
    onSemantics(json) {
      const s = JSON.parse(json);
      const root = document.documentElement;
      if (s.lang && root.lang !== s.lang) root.lang = s.lang;
      if (root.dir !== s.dir) root.dir = s.dir;
      mirror.update(s.nodes);
    },
    // final: no text on it waits for a face or the engine; the first final frame replaces the
    // loading bar (a face that never comes is given up on by C, so one always follows)
    onFrame(ms, final) {
      frames++;
      window.parleyFrames = frames;
      const times = window.parleyFrameTimes || (window.parleyFrameTimes = []);
      if (times.length < 4096) times.push(ms);
      if (final && !window.parleyFirstFrame) {
        window.parleyFirstFrame = frames;
        performance.mark('parley-first-frame');
        clearTimeout(revealLoading);
        loading.hidden = true;
        firstFrameDrawn = true;
        for (const group of followUps.splice(0)) fetchStep(group);
        setTimeout(() => {
          if (mod) { for (const job of mod.untilFirstFrame.splice(0)) job(); mod.untilFirstFrame = null; }
        }, 0);
      }
    },
    shaper,
    shaperRequest: loadShaper,
    fontWant: fetchStep,
    remember(line) { if (!kiosk) saved('parley.registration', line); },
    httpIdle() { letNewVersionIn(); },
    // the outbox's verdicts arrive one by one within one call into C: stored together
    storeChange(id, state, reason) {
      if (pendingChanges.push({ id, state, reason }) > 1) return;
      queueMicrotask(() => {
        const changes = pendingChanges;
        pendingChanges = [];
        store.then((db) => db && db.change(changes))
          .catch((err) => console.warn(`parley: could not record the state of ${changes.length} records:`, err));
      });
    },
    uploaded(ms) {
      store.then((db) => db && db.noteUpload(ms))
        .catch((err) => console.warn('parley: could not note the upload time:', err));
    },
    // every record still on the device, as one file (docs/device-export.md) for the
    // secretariat's `parleyd import`; the records stay stored until the server has them
    saveRecords() {
      store.then(async (db) => {
        if (!db) throw new Error('no storage');
        await loadDict(mod); // records stored with the dictionary are read with it
        const entries = await db.all();
        const lines = [];
        const take = (n) => {
          if (!n) throw new Error('a line of the file could not be made');
          lines.push(mod.HEAPU8.slice(mod._parley_export_text(), mod._parley_export_text() + n), '\n');
        };
        take(mod._parley_export_header(entries.length));
        for (const entry of entries) take(withStoredEntry(entry, mod._parley_export_entry));
        const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
        const link = document.createElement('a');
        link.href = URL.createObjectURL(new Blob(lines, { type: 'application/x-ndjson' }));
        link.download = `parley-${mod.UTF8ToString(mod._parley_device_id()).slice(0, 8)}-${stamp}.ndjson`;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(link.href), 60000);
        mod._parley_records_saved(entries.length, 1);
      }).catch((err) => {
        console.warn('parley: saving the records to a file failed:', err);
        mod._parley_records_saved(0, 0);
      });
      return 1;
    },
    // called only if C used a deferred function before loadDeferred instantiated it (it
    // should not: C compresses at the fast level until then); an already fetched module is
    // instantiated on the spot, else the call fails loudly rather than silently
    loadSplitModule(file, imports) {
      if (!deferredModule) throw new Error(`parley: ${file} was needed before it arrived`);
      new WebAssembly.Instance(deferredModule, imports);
    },
    // a language chosen later: fetched (or taken from the service worker), then handed to C
    loadLang(tag) {
      if (!supported.includes(tag) || tag === 'en') return 0;
      fetchLang(tag).then((bytes) => giveLang(mod, tag, bytes));
      return 1;
    },
    // the pinyin candidate table, fetched the first time Chinese is typed on the on-screen
    // keyboard (never with the page); C checks it, and owns the copy from here on
    loadPinyin() {
      const started = performance.now();
      fetchChecked('pinyin.bin').then((r) => r.arrayBuffer()).then((buffer) => {
        const bytes = new Uint8Array(buffer);
        const p = mod._malloc(bytes.length);
        mod.HEAPU8.set(bytes, p);
        performance.measure('parley-pinyin-fetch', { start: started });
        mod._parley_pinyin_data(p, bytes.length);
      }).catch((err) => {
        console.warn('parley: the pinyin table is unavailable:', err);
        mod._parley_pinyin_data(0, 0);
      });
      return 1;
    },
    printErr(text) { console.warn(text); },
  }).then(async (m) => {
    mark('parley-runtime-ready');
    const [[regular, bold], ev, pack] = await Promise.all([fonts, event, langPack]);
    // the console's code is in the deferred module: it comes before C starts (and before
    // anything here may call C: mod is set below)
    if (consoleMode && !(await loadDeferred(m))) throw new Error('the console\'s code could not be loaded');
    // C starts without waiting for IndexedDB to open: a record stored meanwhile waits for it
    // (and fails like any failed write, reported to C, if storage is unavailable).
    m.store = { put: (id, blob) => store.then((db) => {
      if (!db) throw new Error('no storage');
      return db.put(id, blob);
    }) };
    // the same font in the DOM: mirror text fields measure like the canvas
    m.untilFirstFrame.push(() => {
      try { document.fonts.add(new FontFace('ParleyNoto', regular.slice().buffer)); } catch (e) { /* optional */ }
    });
    const copy = (bytes) => { const p = m._malloc(bytes.length + 1); m.HEAPU8.set(bytes, p); m.HEAPU8[p + bytes.length] = 0; return p; };
    const text = (s) => copy(new TextEncoder().encode(s));
    mod = m;
    deliverFaces = (group) => {
      for (const [bytes, style] of faceState[group].arrived.splice(0)) m._parley_add_font(copy(bytes), bytes.length, 0, group, style);
    };
    // without its pack C starts in English: the page says so too (screen readers' voice)
    if (lang !== 'en' && !giveLang(m, lang, pack)) document.documentElement.lang = 'en';
    mark('parley-boot-call');
    const status = m._parley_boot(copy(regular), regular.length, copy(bold), bold.length,
                                  copy(ev.bytes), ev.bytes.length, text(ev.name), text(lang),
                                  kiosk ? 1 : consoleMode ? 2 : 0, idle, text(device), text(remembered));
    if (status !== 0) throw new Error('the kiosk failed to start (see the console)');
    for (const group of Object.keys(faceState)) deliverFaces(+group); // those that came before C
    m._parley_set_base_url(text(location.href));
    window.parley = m;
    const madeDevice = m.UTF8ToString(m._parley_device_id());
    if (madeDevice !== device) saved('parley.device', madeDevice);
    tabId = m.UTF8ToString(m._parley_tab_id());
    reportStatus();
    loadDict(m);
    if (!consoleMode) loadDeferred(m);
    await sync();
    claimLease();
    // offline start: the service worker keeps the app shell and the last good event
    if (offlineStart) {
      navigator.serviceWorker.register('sw.js').then((reg) => {
        if (!reg) return; // service workers blocked (a policy, a test harness)
        const consider = (worker) => {
          if (!worker || !navigator.serviceWorker.controller) return; // the first install takes over by itself
          const check = () => { if (worker.state === 'installed') { waitingWorker = worker; letNewVersionIn(); } };
          worker.addEventListener('statechange', check);
          check();
        };
        consider(reg.waiting);
        reg.addEventListener('updatefound', () => consider(reg.installing));
        // a kiosk may be switched to any language with the network down: it keeps every face
        // and the engine; a remote visitor keeps what its text needed (the worker caches those)
        if (kiosk) navigator.serviceWorker.ready.then((r) => r.active && r.active.postMessage('parley-keep-all'));
      }, (err) => console.warn('parley: offline start unavailable:', err));
    }
  }).catch(fail);
})();
