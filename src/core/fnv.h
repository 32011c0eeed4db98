/* fnv.h — the FNV-1a hash (Fowler, Noll, Vo): cheap and stable, for hash tables, widget ids,
 * change detection and checking that a fetched file is the one the build made. Not for
 * anything an adversary may choose to collide. */
#ifndef PARLEY_FNV_H
#define PARLEY_FNV_H

#include <stddef.h>
#include <stdint.h>

#define FNV1A32_BASIS 2166136261u
#define FNV1A64_BASIS UINT64_C(0xcbf29ce484222325)

/* 32 bits of FNV-1a over data[0..len), starting from h (FNV1A32_BASIS, or an earlier
 * result to hash pieces one after another). */
uint32_t fnv1a32(const void *data, size_t len, uint32_t h);
/* 64 bits of FNV-1a over data[0..len), from FNV1A64_BASIS. */
uint64_t fnv1a64(const void *data, size_t len);

#endif
