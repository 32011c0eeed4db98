/* deferred.h — entry points of code the web build fetches after the first frame or when first
 * needed: parley.deferred.wasm holds what only they reach (the LZ4HC compressor, the console,
 * the QR code maker; emcc.mk's DEFERRED_ENTRIES lists them, scripts/split_funcs.py finds the
 * rest). Such a function must stay a function of its own for the build to find it by name:
 * the compiler keeps it out of line, and emcc.mk bounds the size binaryen inlines. Natively it
 * changes nothing. Its callers call it only when its code is there (console mode; the QR code
 * once app_set_qr_available says so). */
#ifndef PARLEY_DEFERRED_H
#define PARLEY_DEFERRED_H

#define PARLEY_OUT_OF_LINE __attribute__((noinline))

#endif
