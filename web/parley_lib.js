// parley_lib.js — the C → JavaScript calls of the web platform (linked with --js-library).
// Thin on purpose: each hands data to the page (Module hooks, web/store.js) or reads a browser
// service; decisions stay in C. Closure Compiler (ADVANCED) renames every property it does not
// know from its externs, so whatever crosses to the page's own objects is written quoted.
mergeInto(LibraryManager.library, {
  parley_js_publish_semantics: function (ptr, len) {
    if (Module['onSemantics']) Module['onSemantics'](UTF8ToString(ptr, len));
  },
  parley_js_frame_drawn: function (ms) {
    if (Module['onFrame']) Module['onFrame'](ms);
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
  // POSTs one batch; the answer comes back through _parley_upload_done exactly once.
  parley_js_upload__deps: ['malloc', 'free'],
  parley_js_upload: function (bodyPtr, len) {
    var body = HEAPU8.slice(bodyPtr, bodyPtr + len);
    var done = function (status, text, retryAfter) {
      var bytes = new TextEncoder().encode(text);
      var b = _malloc(bytes.length + 1);
      HEAPU8.set(bytes, b);
      var raSize = lengthBytesUTF8(retryAfter) + 1;
      var ra = _malloc(raSize);
      stringToUTF8(retryAfter, ra, raSize);
      Module['_parley_upload_done'](status, b, bytes.length, ra);
      _free(b);
      _free(ra);
    };
    Module['upload'](body).then(function (r) { done(r['status'], r['body'], r['retryAfter']); },
                                function () { done(0, '', ''); });
  },
  // Saves every stored record to one file; the answer comes back through
  // _parley_records_saved exactly once. 0: cannot start.
  parley_js_save_records: function () {
    return Module['saveRecords'] ? Module['saveRecords']() : 0;
  },
  // Fetches a language pack (core/langpack.h); the answer comes back through
  // _parley_lang_data exactly once. 0: cannot start.
  parley_js_load_lang: function (tagPtr) {
    return Module['loadLang'] ? Module['loadLang'](UTF8ToString(tagPtr)) : 0;
  },
  parley_js_remember: function (linePtr, len) {
    if (Module['remember']) Module['remember'](linePtr ? UTF8ToString(linePtr, len) : null);
  },
});
