// parley_lib.js — the C → JavaScript calls of the web platform (linked with --js-library).
// Thin on purpose: each hands data to the page (Module hooks, web/store.js) or reads a browser
// service; decisions stay in C. Closure Compiler (ADVANCED) renames every property it does not
// know from its externs, so whatever crosses to the page's own objects is written quoted.
mergeInto(LibraryManager.library, {
  parley_js_publish_semantics: function (ptr, len) {
    if (Module['onSemantics']) Module['onSemantics'](UTF8ToString(ptr, len));
  },
  parley_js_frame_drawn: function (ms, final) {
    if (Module['onFrame']) Module['onFrame'](ms, !!final);
  },
  // The shaping engine (shape.wasm, its own memory), loaded by the page on request: Module.shaper
  // is {state, exports} (states as in web.c: 0 absent, 1 loading, 2 ready, 3 failed). Names in
  // quotes: Closure Compiler renames the others.
  parley_js_shaper_state: function () {
    var s = Module['shaper'];
    return s ? s['state'] : 0;
  },
  parley_js_shaper_request: function () {
    return Module['shaperRequest'] ? (Module['shaperRequest']() ? 1 : 0) : 0;
  },
  // Copies the face's bytes into the engine's memory, which keeps them.
  parley_js_shaper_add_face: function (id, ptr, len, index, group, style) {
    var s = Module['shaper'];
    if (!s || s['state'] !== 2) return 0;
    var e = s['exports'], p = e['shape_alloc'](len);
    if (!p) return 0;
    new Uint8Array(e['memory'].buffer, p, len).set(HEAPU8.subarray(ptr, ptr + len));
    return e['shape_add_face'](id, p, len, index, group, style);
  },
  // One line: its packed bytes are copied into a block of this module's memory (freed by C).
  parley_js_shaper_layout__deps: ['malloc'],
  parley_js_shaper_layout: function (style, dir, textPtr, len, outPtr) {
    var s = Module['shaper'];
    if (!s || s['state'] !== 2) return -1;
    var e = s['exports'], p = e['shape_alloc'](len + 1);
    if (!p) return -1;
    new Uint8Array(e['memory'].buffer, p, len).set(HEAPU8.subarray(textPtr, textPtr + len));
    var n = e['shape_line'](style, dir, p, len);
    e['shape_release'](p);
    if (n <= 0) return -1;
    var m = _malloc(n);
    if (!m) return -1;
    HEAPU8.set(new Uint8Array(e['memory'].buffer, e['shape_result'](), n), m);
    HEAP32[outPtr >> 2] = m;
    return n;
  },
  parley_js_shaper_base_dir: function (textPtr, len, fallback) {
    var s = Module['shaper'];
    if (!s || s['state'] !== 2) return fallback;
    var e = s['exports'], p = e['shape_alloc'](len + 1);
    if (!p) return fallback;
    new Uint8Array(e['memory'].buffer, p, len).set(HEAPU8.subarray(textPtr, textPtr + len));
    var d = e['shape_base_dir'](p, len, fallback);
    e['shape_release'](p);
    return d;
  },
  // A face of this group is on its way (1) or there is none left to fetch (0).
  parley_js_font_want: function (group) {
    return Module['fontWant'] && Module['fontWant'](group) ? 1 : 0;
  },
  // The end of a start-up phase, for `make bench` (tests/bench/first_load.mjs).
  parley_js_mark: function (namePtr) {
    if (typeof performance !== 'undefined' && performance.mark) performance.mark(UTF8ToString(namePtr));
  },
  parley_js_random: function (ptr, n) {
    crypto.getRandomValues(HEAPU8.subarray(ptr, ptr + n));
  },
  // Writes year, month, day and minutes after midnight in the IANA zone (or the device's).
  // A formatter per zone is made once: making one costs milliseconds (the first, far more).
  $parleyZoneFormats: {},
  parley_js_zone_time__deps: ['$parleyZoneFormats'],
  parley_js_zone_time: function (tzPtr, unixMs, outPtr) {
    try {
      var tz = UTF8ToString(tzPtr);
      var format = parleyZoneFormats[tz];
      if (!format) {
        var opts = { 'year': 'numeric', 'month': 'numeric', 'day': 'numeric', 'hour': 'numeric', 'minute': 'numeric',
                     'hourCycle': 'h23' };
        if (tz) opts['timeZone'] = tz;
        format = parleyZoneFormats[tz] = new Intl.DateTimeFormat('en-GB', opts);
      }
      var parts = {};
      format['formatToParts'](new Date(unixMs)).forEach(function (p) { parts[p['type']] = +p['value']; });
      HEAP32[outPtr >> 2] = parts['year'];
      HEAP32[(outPtr >> 2) + 1] = parts['month'];
      HEAP32[(outPtr >> 2) + 2] = parts['day'];
      HEAP32[(outPtr >> 2) + 3] = parts['hour'] * 60 + parts['minute'];
      return 1;
    } catch (e) {
      return 0; // an unknown zone
    }
  },
  // Starts a durable write; the answer comes back through _parley_record_stored exactly once.
  parley_js_store_record__deps: ['malloc', 'free'],
  parley_js_store_record: function (idPtr, blobPtr, len) {
    var store = Module['store'];
    if (!store) return 0;
    var id = UTF8ToString(idPtr);
    var blob = HEAPU8.slice(blobPtr, blobPtr + len);
    store['put'](id, blob).then(function () { return 1; }, function (err) {
      console.error('parley: storing ' + id + ' failed: ' + err);
      return 0;
    }).then(function (ok) {
      var size = lengthBytesUTF8(id) + 1;
      var p = _malloc(size);
      stringToUTF8(id, p, size);
      Module['_parley_record_stored'](p, ok);
      _free(p);
    });
    return 1;
  },
  // Storage changes decided by the outbox: acknowledged → delete; refused, damaged → keep with reason.
  parley_js_store_change: function (idPtr, state, reasonPtr) {
    if (Module['storeChange']) Module['storeChange'](UTF8ToString(idPtr), state, UTF8ToString(reasonPtr));
  },
  // An upload was answered: the other tabs' status lines show its time too.
  parley_js_uploaded: function (unixMs) {
    if (Module['uploaded']) Module['uploaded'](unixMs);
  },
  // Saves every stored record to one file; the answer comes back through
  // _parley_records_saved exactly once. 0: cannot start.
  parley_js_save_records: function () {
    return Module['saveRecords'] ? Module['saveRecords']() : 0;
  },
  // The one HTTP seam of the app (AppHost.request in src/app/app.h): fetch to the page's own
  // server with its credentials (the staff session cookie) and the headers C gives
  // ("Name: value\n" lines). The answer goes back through _parley_http: the whole body once
  // (final 1), or for a stream each piece as it arrives (final 0) and then its end. Status 0:
  // no HTTP answer (network error, 30 s timeout for a plain request). The final answer carries
  // the Retry-After header ("" when absent), which the upload pump obeys. While a plain
  // request is in flight Module['httpBusy'] counts it, and Module['httpIdle'] is called when
  // none is left (a new version of the app waits for that). Returns 1 (started).
  parley_js_request__deps: ['malloc', 'free'],
  // A page of the server for the visitor, beside the app (never on a kiosk: C does not ask there).
  parley_js_open_url: function (urlPtr) {
    var url = new URL(UTF8ToString(urlPtr), location.href);
    if (url.origin === location.origin) window.open(url.href, '_blank', 'noopener');
  },
  parley_js_request: function (id, methodPtr, pathPtr, headersPtr, bodyPtr, len, stream) {
    var method = UTF8ToString(methodPtr), path = UTF8ToString(pathPtr);
    var headers = {};
    UTF8ToString(headersPtr).split('\n').forEach(function (line) {
      var i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    });
    var body = bodyPtr ? HEAPU8.slice(bodyPtr, bodyPtr + len) : undefined;
    var requests = Module['parleyRequests'] || (Module['parleyRequests'] = new Map());
    var ctl = new AbortController();
    requests.set(id, ctl);
    var timer = stream ? 0 : setTimeout(function () { ctl.abort(); }, 30000);
    var busy = !stream;
    if (busy) Module['httpBusy'] = (Module['httpBusy'] || 0) + 1;
    var settle = function () {
      if (!busy) return;
      busy = false;
      if (--Module['httpBusy'] === 0 && Module['httpIdle']) Module['httpIdle']();
    };
    var retryAfter = '';
    var deliver = function (status, bytes, final) {
      if (requests.get(id) !== ctl) { settle(); return; } // cancelled: C expects nothing more
      if (final) { requests.delete(id); clearTimeout(timer); }
      var p = _malloc(bytes.length + 1);
      HEAPU8.set(bytes, p);
      var raSize = lengthBytesUTF8(retryAfter) + 1;
      var ra = _malloc(raSize);
      stringToUTF8(retryAfter, ra, raSize);
      Module['_parley_http'](id, status, p, bytes.length, final ? 1 : 0, ra);
      _free(p);
      _free(ra);
      if (final) settle();
    };
    var start = function () {
    fetch(path, { method: method, headers: headers, body: body, credentials: 'same-origin', cache: 'no-store',
                  redirect: 'manual', signal: ctl.signal }).then(function (r) {
      retryAfter = r.headers.get('retry-after') || '';
      if (!stream) return r.arrayBuffer().then(function (b) { deliver(r.status, new Uint8Array(b), true); });
      var reader = r.body.getReader();
      var pump = function () {
        return reader.read().then(function (x) {
          if (x.done) { deliver(r.status, new Uint8Array(0), true); return; }
          deliver(r.status, x.value, false);
          return pump();
        });
      };
      return pump();
    }).catch(function () { deliver(0, new Uint8Array(0), true); });
    };
    // asked for while the first frame is being made (the live poll): sent once it is shown
    var waiting = Module['untilFirstFrame'];
    if (waiting) waiting.push(start); else start();
    return 1;
  },
  parley_js_request_cancel: function (id) {
    var requests = Module['parleyRequests'];
    var ctl = requests && requests.get(id);
    if (!ctl) return;
    requests.delete(id);
    ctl.abort(); // its deliver() then only settles the busy count
  },
  // Fetches a language pack (core/langpack.h); the answer comes back through
  // _parley_lang_data exactly once. 0: cannot start.
  parley_js_load_lang: function (tagPtr) {
    return Module['loadLang'] ? Module['loadLang'](UTF8ToString(tagPtr)) : 0;
  },
  // Fetches the pinyin candidate table (core/pinyin.h); the answer comes back through
  // _parley_pinyin_data exactly once. 0: cannot start.
  parley_js_load_pinyin: function () {
    return Module['loadPinyin'] ? Module['loadPinyin']() : 0;
  },
  parley_js_remember: function (linePtr, len) {
    if (Module['remember']) Module['remember'](linePtr ? UTF8ToString(linePtr, len) : null);
  },
});
