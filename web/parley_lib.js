// parley_lib.js — the C → JavaScript calls of the web platform (linked with --js-library).
// Thin on purpose: it hands data to the page's hooks on Module and decides nothing.
mergeInto(LibraryManager.library, {
  parley_js_publish_semantics: function (ptr, len) {
    if (Module['onSemantics']) Module['onSemantics'](UTF8ToString(ptr, len));
  },
  parley_js_frame_drawn: function () {
    if (Module['onFrame']) Module['onFrame']();
  },
});
