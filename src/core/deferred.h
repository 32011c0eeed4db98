/* deferred.h — entry points of code the web build fetches after the first frame or when first
 * needed: parley.deferred.wasm holds what only they reach (the participant's forms, the
 * on-screen keyboard, compressing records for storage and upload, exporting them, the LZ4HC
 * compressor, the console, the QR code maker; emcc.mk's DEFERRED_ENTRIES lists them,
 * scripts/split_funcs.py finds the rest). Such a function must stay a function of its own for
 * the build to find it by name: the compiler keeps it out of line, and emcc.mk bounds the size
 * binaryen inlines. Natively it changes nothing. Its callers call it only when its code is
 * there: in console mode it comes before C starts; elsewhere App.code_missing says so
 * (app_set_deferred), and the screens it holds say they are loading until it arrives. */
#ifndef PARLEY_DEFERRED_H
#define PARLEY_DEFERRED_H

#define PARLEY_OUT_OF_LINE __attribute__((noinline))

#endif
